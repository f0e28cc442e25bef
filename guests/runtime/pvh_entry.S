/*
 * Guest entry per the PVH boot ABI: 32-bit flat protected mode, paging off,
 * ebx = guest-physical address of hvm_start_info. Zero .bss, identity-map
 * 4 GiB, enter long mode (boot/long_mode.inc, shared with the hypervisor),
 * and call guest_entry(start_info) on the guest's stack.
 */
#include "long_mode.inc"

.section .note.Xen, "a", @note
  .balign 4
  .long 4                          /* name size */
  .long 4                          /* descriptor size */
  .long 18                         /* XEN_ELFNOTE_PHYS32_ENTRY */
  .asciz "Xen"
  .long pvh_start

.section .text.entry, "ax"
.code32
.global pvh_start
pvh_start:
  cli
  cld
  /* The hypervisor starts every vCPU here with esi = its index. This
     runtime runs on vCPU 0 only: the others halt (they block in the
     hypervisor and cost nothing). */
  test %esi, %esi
  jnz secondary_vcpu_park
  mov %ebx, %esi
  mov $__bss_start, %edi
  mov $__bss_end, %ecx
  sub %edi, %ecx
  xor %eax, %eax
  rep stosb
  mov %esi, start_info_phys
  mov $guest_stack_top, %esp

  IDENTITY_MAP_4G guest_pml4, guest_pdpt, guest_pd, 2048
  ENABLE_LONG_MODE guest_pml4
  lgdt guest_gdt_ptr
  ljmp $0x08, $guest_long_mode

secondary_vcpu_park:
  hlt
  jmp secondary_vcpu_park

.code64
guest_long_mode:
  mov $0x10, %ax
  mov %ax, %ds
  mov %ax, %es
  mov %ax, %ss
  mov $guest_stack_top, %rsp
  xor %ebp, %ebp
  mov start_info_phys(%rip), %edi
  call guest_entry
1:
  hlt
  jmp 1b

.section .rodata
.balign 16
guest_gdt:
  .quad 0
  .quad 0x00af9a000000ffff         /* 0x08: 64-bit code */
  .quad 0x00cf92000000ffff         /* 0x10: data */
guest_gdt_end:
guest_gdt_ptr:
  .short guest_gdt_end - guest_gdt - 1
  .long guest_gdt

.section .bss
.balign 4096
guest_pml4: .skip 4096
guest_pdpt: .skip 4096
guest_pd:   .skip 4096 * 4
.balign 16
guest_stack: .skip 65536
guest_stack_top:
start_info_phys: .skip 4

.section .note.GNU-stack, "", @progbits
