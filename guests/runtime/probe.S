/*
 * guest_probe(fn, arg) (guest::probe, guest/probe.h): saves the
 * callee-saved registers, SS and RFLAGS, arms guest_probe_rsp and calls
 * fn(arg). An exception stub that finds guest_probe_rsp armed stores the
 * error code in guest_probe_error and jumps to guest_probe_caught with the
 * vector in rax, which unwinds to the saved frame. Single vCPU, no nesting.
 */
.text
.global guest_probe
guest_probe:
  push %rbp
  push %rbx
  push %r12
  push %r13
  push %r14
  push %r15
  pushfq
  xor %eax, %eax
  mov %ss, %ax
  push %rax
  sub $8, %rsp                /* return address + 8 pushes + 8: 16-aligned for the call */
  mov %rsp, guest_probe_rsp(%rip)
  mov %rdi, %rax
  mov %rsi, %rdi
  call *%rax
  mov $-1, %eax               /* guest::kNoException */
  jmp 1f

.global guest_probe_caught
guest_probe_caught:           /* rax = vector, rsp = the saved frame */
1:
  movq $0, guest_probe_rsp(%rip)
  add $8, %rsp
  pop %rcx
  mov %cx, %ss
  popfq
  pop %r15
  pop %r14
  pop %r13
  pop %r12
  pop %rbx
  pop %rbp
  ret

.bss
.balign 8
.global guest_probe_rsp
guest_probe_rsp: .skip 8
.global guest_probe_error
guest_probe_error: .skip 8

.section .note.GNU-stack, "", @progbits
