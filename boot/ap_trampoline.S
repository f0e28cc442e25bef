/*
 * Application-processor start-up trampoline. The BSP copies the bytes
 * between ap_tramp_start and ap_tramp_end to a free 4 KiB frame below 1 MiB,
 * fills in the parameter block at its end (struct ApTrampolineParams in
 * arch/x86_64/include/arch/smp.h) and sends INIT-SIPI-SIPI with that frame
 * as vector. The code is position independent: in real mode it computes its
 * own linear base from CS, then walks 16 -> 32 -> 64 bit with its own GDT,
 * loads CR3 from the parameters and jumps to the 64-bit entry with the
 * per-CPU stack. One AP at a time uses a copy (the BSP serializes start-up).
 */
#define OFF(sym) ((sym) - ap_tramp_start)

.section .ap_trampoline, "a"
.code16
.global ap_tramp_start
ap_tramp_start:
  cli
  cld
  mov %cs, %ax
  mov %ax, %ds
  xor %ebx, %ebx
  mov %ax, %bx
  shl $4, %ebx                          /* ebx = linear base of this copy */

  /* patch the GDT base and the far pointer into protected mode */
  lea OFF(tramp_gdt)(%ebx), %eax
  mov %eax, OFF(tramp_gdt_ptr) + 2
  lea OFF(pm_entry)(%ebx), %eax
  mov %eax, OFF(pm_farptr)

  lgdtl OFF(tramp_gdt_ptr)
  mov %cr0, %eax
  or $1, %eax
  mov %eax, %cr0
  ljmpl *OFF(pm_farptr)

.code32
pm_entry:
  mov $0x10, %ax
  mov %ax, %ds
  mov %ax, %es
  mov %ax, %ss
  lea 0x1000(%ebx), %esp               /* a stack at the end of this 4 KiB frame */

  mov %cr4, %eax
  or $(1 << 5), %eax                   /* PAE */
  mov %eax, %cr4
  mov OFF(params_cr3)(%ebx), %eax
  mov %eax, %cr3
  mov $0xc0000080, %ecx                 /* IA32_EFER.LME */
  rdmsr
  or $(1 << 8), %eax
  wrmsr
  mov %cr0, %eax
  or $((1 << 31) | (1 << 16)), %eax    /* PG | WP */
  mov %eax, %cr0

  lea OFF(lm_entry)(%ebx), %eax
  push $0x18
  push %eax
  lret

.code64
lm_entry:
  mov %ebx, %ebx                        /* zero-extend the base */
  mov $0x20, %ax
  mov %ax, %ds
  mov %ax, %es
  mov %ax, %ss
  xor %ax, %ax
  mov %ax, %fs
  mov %ax, %gs
  mov OFF(params_stack)(%rbx), %rsp
  mov OFF(params_cpu)(%rbx), %edi
  mov OFF(params_entry)(%rbx), %rax
  xor %ebp, %ebp
  call *%rax
1:
  cli
  hlt
  jmp 1b

.balign 16
tramp_gdt:
  .quad 0
  .quad 0x00cf9a000000ffff              /* 0x08: 32-bit code */
  .quad 0x00cf92000000ffff              /* 0x10: 32-bit data */
  .quad 0x00af9a000000ffff              /* 0x18: 64-bit code */
  .quad 0x00cf92000000ffff              /* 0x20: data */
tramp_gdt_end:
tramp_gdt_ptr:
  .short tramp_gdt_end - tramp_gdt - 1
  .long 0
pm_farptr:
  .long 0
  .short 0x08

/* Parameter block, written by the BSP (layout: ApTrampolineParams). */
.balign 8
.global ap_tramp_params
ap_tramp_params:
params_cr3:   .quad 0
params_stack: .quad 0
params_entry: .quad 0
params_cpu:   .quad 0
.global ap_tramp_end
ap_tramp_end:

.section .note.GNU-stack, "", @progbits
