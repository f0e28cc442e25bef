/*
 * Interrupt entry stubs of the guest runtime. Exceptions push a fake error
 * code where the CPU does not, then the vector, and call
 * guest_exception(vector, error, rip), or return to an armed probe
 * (probe.S, guest/probe.h) with the vector; the upcall stub saves the
 * caller-saved registers around guest_upcall() and returns with iretq.
 */
.text
.macro EXC_NOERR n
.global guest_exc_\n
guest_exc_\n:
  pushq $0
  pushq $\n
  jmp guest_exc_common
.endm
.macro EXC_ERR n
.global guest_exc_\n
guest_exc_\n:
  pushq $\n
  jmp guest_exc_common
.endm

EXC_NOERR 0
EXC_NOERR 1
EXC_NOERR 2
EXC_NOERR 3
EXC_NOERR 4
EXC_NOERR 5
EXC_NOERR 6
EXC_NOERR 7
EXC_ERR 8
EXC_NOERR 9
EXC_ERR 10
EXC_ERR 11
EXC_ERR 12
EXC_ERR 13
EXC_ERR 14
EXC_NOERR 15
EXC_NOERR 16
EXC_ERR 17
EXC_NOERR 18
EXC_NOERR 19

guest_exc_common:
  mov guest_probe_rsp(%rip), %rcx
  test %rcx, %rcx
  jz 2f
  mov 8(%rsp), %rdx
  mov %rdx, guest_probe_error(%rip)
  mov (%rsp), %rax            /* vector */
  mov %rcx, %rsp
  jmp guest_probe_caught
2:
  mov (%rsp), %rdi            /* vector */
  mov 8(%rsp), %rsi           /* error code */
  mov 16(%rsp), %rdx          /* rip */
  and $-16, %rsp
  call guest_exception        /* does not return */
1:
  hlt
  jmp 1b

.global guest_upcall_entry
guest_upcall_entry:
  push %rax
  push %rcx
  push %rdx
  push %rsi
  push %rdi
  push %r8
  push %r9
  push %r10
  push %r11
  mov %rsp, %rax
  and $-16, %rsp
  push %rax
  sub $8, %rsp
  call guest_upcall
  add $8, %rsp
  pop %rsp
  pop %r11
  pop %r10
  pop %r9
  pop %r8
  pop %rdi
  pop %rsi
  pop %rdx
  pop %rcx
  pop %rax
  iretq

.section .note.GNU-stack, "", @progbits
