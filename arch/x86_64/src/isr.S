/*
 * Interrupt and exception entry stubs: one per vector, pushing a dummy error
 * code where the CPU does not, then the vector; the common path saves the
 * general-purpose registers in the InterruptFrame layout of interrupts.h
 * and calls isr_dispatch(frame). The table isr_stub_table lists the 256
 * stub addresses for init_idt().
 */
.macro ISR_NOERR n
  .balign 16
isr_stub_\n:
  pushq $0
  pushq $\n
  jmp isr_common
.endm

.macro ISR_ERR n
  .balign 16
isr_stub_\n:
  pushq $\n
  jmp isr_common
.endm

.text
isr_common:
  pushq %rax
  pushq %rbx
  pushq %rcx
  pushq %rdx
  pushq %rsi
  pushq %rdi
  pushq %rbp
  pushq %r8
  pushq %r9
  pushq %r10
  pushq %r11
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  mov %rsp, %rdi
  cld
  /* align the stack for the C++ call, remember the old value */
  mov %rsp, %rbx
  and $-16, %rsp
  call isr_dispatch
  mov %rbx, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %r11
  popq %r10
  popq %r9
  popq %r8
  popq %rbp
  popq %rdi
  popq %rsi
  popq %rdx
  popq %rcx
  popq %rbx
  popq %rax
  add $16, %rsp
  iretq

.altmacro
.macro ISR_ANY n
  .if (\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
    ISR_ERR %n
  .else
    ISR_NOERR %n
  .endif
.endm

.set i, 0
.rept 256
  ISR_ANY %i
  .set i, i + 1
.endr

.macro STUB_ADDR n
  .quad isr_stub_\n
.endm

.section .rodata
.balign 8
.global isr_stub_table
isr_stub_table:
.set i, 0
.rept 256
  STUB_ADDR %i
  .set i, i + 1
.endr

.section .note.GNU-stack, "", @progbits
