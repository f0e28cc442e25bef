/*
 * Multiboot2 header and the bootstrap processor's path from GRUB's 32-bit
 * protected mode into 64-bit long mode: zero .bss, check for long mode,
 * identity-map the first 4 GiB with 2 MiB pages (the top 32 MiB, where the
 * local APIC and IOAPIC live, uncached), enable PAE + LME + paging, load a
 * 64-bit GDT and call boot_main(magic, mbi). The boot page tables are
 * exported so the AP trampoline can reuse them. Single CPU, no locking.
 */
#define MB2_MAGIC 0xe85250d6
#define MB2_ARCH_I386 0

#define COM1 0x3f8

#include "long_mode.inc"

.section .multiboot2, "a"
.balign 8
mb2_header:
  .long MB2_MAGIC
  .long MB2_ARCH_I386
  .long mb2_header_end - mb2_header
  .long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
  /* end tag */
  .balign 8
  .short 0
  .short 0
  .long 8
mb2_header_end:

.section .text.boot, "ax"
.code32
.global _start
_start:
  cli
  cld
  mov %eax, %esi                 /* multiboot2 magic */
  mov %ebx, %ebp                 /* boot information (physical) */

  /* zero .bss (page tables and the boot stack live there) */
  mov $__bss_start, %edi
  mov $__bss_end, %ecx
  sub %edi, %ecx
  xor %eax, %eax
  rep stosb

  mov %esi, boot_magic
  mov %ebp, boot_info_phys
  mov $boot_stack_top, %esp

  /* long mode supported? CPUID 0x80000001:EDX bit 29 */
  mov $0x80000000, %eax
  cpuid
  cmp $0x80000001, %eax
  jb no_long_mode
  mov $0x80000001, %eax
  cpuid
  bt $29, %edx
  jnc no_long_mode

  /* identity map of 4 GiB; the top 32 MiB (local APIC, IOAPIC) uncached */
  IDENTITY_MAP_4G boot_pml4, boot_pdpt, boot_pd, 2032
  ENABLE_LONG_MODE boot_pml4

  lgdt boot_gdt_ptr
  ljmp $0x08, $long_mode_entry

no_long_mode:
  mov $no_lm_msg, %esi
4:
  lodsb
  test %al, %al
  jz 6f
  mov %al, %bl
  mov $(COM1 + 5), %dx
5:
  inb %dx, %al
  test $0x20, %al
  jz 5b
  mov $COM1, %dx
  mov %bl, %al
  outb %al, %dx
  jmp 4b
6:
  cli
  hlt
  jmp 6b

.code64
long_mode_entry:
  mov $0x10, %ax
  mov %ax, %ds
  mov %ax, %es
  mov %ax, %ss
  xor %ax, %ax
  mov %ax, %fs
  mov %ax, %gs
  mov $boot_stack_top, %rsp
  xor %ebp, %ebp
  mov boot_magic(%rip), %edi
  mov boot_info_phys(%rip), %esi
  call boot_main
7:
  cli
  hlt
  jmp 7b

.section .rodata
no_lm_msg:
  .asciz "Tactus: this CPU has no 64-bit long mode; halting\r\n"

.balign 16
boot_gdt:
  .quad 0
  .quad 0x00af9a000000ffff        /* 0x08: 64-bit code */
  .quad 0x00cf92000000ffff        /* 0x10: data */
boot_gdt_end:
boot_gdt_ptr:
  .short boot_gdt_end - boot_gdt - 1
  .long boot_gdt

.section .bss
.balign 4096
.global boot_pml4
boot_pml4: .skip 4096
boot_pdpt: .skip 4096
boot_pd:   .skip 4096 * 4
.balign 16
boot_stack: .skip 16384
.global boot_stack_top
boot_stack_top:
boot_magic: .skip 4
boot_info_phys: .skip 4

.section .note.GNU-stack, "", @progbits
