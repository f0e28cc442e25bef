/*
 * Guest entry per the PVH boot ABI: 32-bit flat protected mode, paging off,
 * ebx = guest-physical address of hvm_start_info. Zero .bss, identity-map
 * 4 GiB, enter long mode (boot/long_mode.inc, shared with the hypervisor),
 * and call guest_entry(start_info) on the guest's stack.
 */
#include "long_mode.inc"

#define GUEST_MAX_VCPUS 8               /* the hypervisor's kMaxVcpus */
#define GUEST_SECONDARY_STACK_SHIFT 13  /* as in secondary.cpp */

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
  /* The hypervisor starts every vCPU here with esi = its index. The
     runtime runs on vCPU 0; the others halt (they block in the hypervisor
     and cost nothing) unless the guest links guest/secondary.h's code (a
     weak reference: guest_secondary_entry is 0 when it does not), in which
     case they wait for guest::start_secondary_vcpus(). */
  test %esi, %esi
  jnz secondary_vcpu
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

secondary_vcpu:
  mov $guest_secondary_entry, %eax
  test %eax, %eax
  jz secondary_vcpu_park
  cmp $GUEST_MAX_VCPUS, %esi
  jae secondary_vcpu_park
secondary_vcpu_wait:                /* vCPU 0 built the page tables first */
  pause
  cmpl $0, guest_secondaries_go
  je secondary_vcpu_wait
  ENABLE_LONG_MODE guest_pml4
  lgdt guest_gdt_ptr
  ljmp $0x08, $secondary_long_mode
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

secondary_long_mode:
  mov $0x10, %ax
  mov %ax, %ds
  mov %ax, %es
  mov %ax, %ss
  mov %esi, %edi                   /* zero-extends: the vCPU index */
  mov %edi, %eax
  inc %eax
  shl $GUEST_SECONDARY_STACK_SHIFT, %eax
  mov $guest_secondary_stacks, %esp
  add %rax, %rsp
  xor %ebp, %ebp
  call guest_secondary_entry
2:
  hlt
  jmp 2b

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

/* secondary.cpp, linked only into guests that call
   guest::start_secondary_vcpus(): 0 in the others. */
.weak guest_secondary_entry, guest_secondaries_go, guest_secondary_stacks

.section .note.GNU-stack, "", @progbits
