/*
 * VM entry and exit. vmx_enter(GuestRegisters* regs, int launched) saves
 * the host's callee-saved registers, records the stack pointer as HOST_RSP,
 * loads the guest registers and executes VMLAUNCH or VMRESUME. The VM exit
 * lands in vmx_exit_stub (HOST_RIP) with that stack: it stores the guest
 * registers back and returns 0 from vmx_enter. A failed entry returns 1.
 * Register offsets follow arch::vmx::GuestRegisters.
 */
#define R_RAX 0
#define R_RCX 8
#define R_RDX 16
#define R_RBX 24
#define R_RBP 32
#define R_RSI 40
#define R_RDI 48
#define R_R8 56
#define R_R9 64
#define R_R10 72
#define R_R11 80
#define R_R12 88
#define R_R13 96
#define R_R14 104
#define R_R15 112
#define R_CR2 120
#define VMCS_HOST_RSP 0x6c14

.text
.global vmx_enter
vmx_enter:
  push %rbp
  push %rbx
  push %r12
  push %r13
  push %r14
  push %r15
  push %rdi                        /* the GuestRegisters pointer, found again at exit */
  mov $VMCS_HOST_RSP, %eax
  vmwrite %rsp, %rax
  jbe .Lfail_before_load

  mov R_CR2(%rdi), %rax
  mov %rax, %cr2
  test %esi, %esi                  /* flags survive the moves below */
  mov R_RAX(%rdi), %rax
  mov R_RCX(%rdi), %rcx
  mov R_RDX(%rdi), %rdx
  mov R_RBX(%rdi), %rbx
  mov R_RBP(%rdi), %rbp
  mov R_RSI(%rdi), %rsi
  mov R_R8(%rdi), %r8
  mov R_R9(%rdi), %r9
  mov R_R10(%rdi), %r10
  mov R_R11(%rdi), %r11
  mov R_R12(%rdi), %r12
  mov R_R13(%rdi), %r13
  mov R_R14(%rdi), %r14
  mov R_R15(%rdi), %r15
  mov R_RDI(%rdi), %rdi
  jnz 1f
  vmlaunch
  jmp .Lfail
1:
  vmresume
.Lfail:
.Lfail_before_load:
  pop %rdi
  pop %r15
  pop %r14
  pop %r13
  pop %r12
  pop %rbx
  pop %rbp
  mov $1, %eax
  ret

.global vmx_exit_stub
vmx_exit_stub:
  push %rdi
  mov 8(%rsp), %rdi
  mov %rax, R_RAX(%rdi)
  mov %rcx, R_RCX(%rdi)
  mov %rdx, R_RDX(%rdi)
  mov %rbx, R_RBX(%rdi)
  mov %rbp, R_RBP(%rdi)
  mov %rsi, R_RSI(%rdi)
  mov %r8, R_R8(%rdi)
  mov %r9, R_R9(%rdi)
  mov %r10, R_R10(%rdi)
  mov %r11, R_R11(%rdi)
  mov %r12, R_R12(%rdi)
  mov %r13, R_R13(%rdi)
  mov %r14, R_R14(%rdi)
  mov %r15, R_R15(%rdi)
  mov %cr2, %rax
  mov %rax, R_CR2(%rdi)
  pop %rax
  mov %rax, R_RDI(%rdi)
  pop %rdi
  pop %r15
  pop %r14
  pop %r13
  pop %r12
  pop %rbx
  pop %rbp
  xor %eax, %eax
  ret

.section .note.GNU-stack, "", @progbits
