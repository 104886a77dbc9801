; paging_pae - PAE paging (SDM Vol. 3A 4.4): CR4.PAE, a 4-entry PDPT,
; 64-bit entries, 2 MiB pages (PDE.PS) and 4 KiB pages.
;
; Linear map (PDPTE0 -> PD, the other PDPTEs not present):
;   0-2 MiB   PDE0 -> PT0, 4 KiB identity pages (code, stack, tables)
;   2-4 MiB   PDE1 = 2 MiB identity page
;   4-6 MiB   PDE2 = 2 MiB page -> physical 2 MiB (alias of PDE1)
;   6-8 MiB   PDE3 -> PT3: 4 KiB pages, two with reserved bits set
; Not checked: reserved bits in a PDPTE must raise #GP on MOV CR3
; (SDM 3A 4.4.1); QEMU TCG does not model the PDPTE registers (it defers
; the check to the page walk), so that cannot be verified against it.

%include "paging.inc"

PDPT    equ PAGE_AREA               ; 32-byte aligned
PD      equ PAGE_AREA+0x1000
PT0     equ PAGE_AREA+0x2000
PT3     equ PAGE_AREA+0x3000
BIG     equ 0x200000
ALIAS   equ 0x400000
SMALL   equ 0x600000

TEXT32
test_main:
    PRINT `paging_pae\n`
    mov eax, 1
    cpuid
    CHECK_MASK edx, 1 << 6, 1 << 6, "CPUID.1:EDX.PAE"
    mov edi, PAGE_AREA
    mov ecx, 4
    call zero_pages
    SETQ PDPT, PD | PG_P, 0                 ; PDPTE: only P, PWT, PCD are defined
    SETQ PD+0*8, PT0 | PG_U | PG_W | PG_P, 0
    SETQ PD+1*8, 0x200000 | PG_PS | PG_U | PG_W | PG_P, 0
    SETQ PD+2*8, 0x200000 | PG_PS | PG_U | PG_W | PG_P, 0
    SETQ PD+3*8, PT3 | PG_U | PG_W | PG_P, 0
    mov edi, PT0
    call pae_identity_pt
    SETQ PT3+0*8, 0x201000 | PG_U | PG_W | PG_P, 0
    SETQ PT3+1*8, 0x202000 | PG_U | PG_W | PG_P, 1 << 19       ; bit 51: above MAXPHYADDR
    SETQ PT3+2*8, 0x202000 | PG_U | PG_W | PG_P, 0x80000000    ; bit 63: XD, reserved without EFER.NXE
    SETQ PT3+3*8, 0x202000 | PG_U | PG_W | PG_P, 0
    mov dword [0x200010], 0x10101010
    mov dword [0x3FFFFC], 0x3F3F3F3F
    mov dword [0x201000], 0x01010101
    mov dword [0x202000], 0x02020202

    mov eax, PDPT
    call pae_enable
    mov eax, cr4
    CHECK_MASK eax, CR4_PAE, CR4_PAE, "CR4.PAE set"

    CHECK_EQ [BIG+0x10], 0x10101010, "2 MiB identity page"
    CHECK_EQ [BIG+0x1FFFFC], 0x3F3F3F3F, "2 MiB page: last dword (offset bits 20:0)"
    CHECK_MASK [PD+2*8], PG_A|PG_D, 0, "2 MiB PDE: A/D clear before access"
    CHECK_EQ [ALIAS+0x10], 0x10101010, "2 MiB alias read"
    CHECK_MASK [PD+2*8], PG_A|PG_D, PG_A, "2 MiB PDE: read sets A only"
    mov dword [ALIAS+0x20], 0x20202020
    CHECK_MASK [PD+2*8], PG_A|PG_D, PG_A|PG_D, "2 MiB PDE: write sets D"
    CHECK_EQ [PD+2*8+4], 0, "PDE high dword untouched by A/D updates"
    CHECK_EQ [BIG+0x20], 0x20202020, "write through 2 MiB alias"

    CHECK_EQ [SMALL], 0x01010101, "4 KiB PAE page"
    CHECK_MASK [PT3], PG_A|PG_D, PG_A, "4 KiB PAE PTE: read sets A"
    mov dword [SMALL+4], 0x11
    CHECK_MASK [PT3], PG_A|PG_D, PG_A|PG_D, "4 KiB PAE PTE: write sets D"
    CHECK_EQ [SMALL+0x3000], 0x02020202, "4 KiB PAE page 3"
    ; INVLPG after changing a 64-bit PTE.
    SETQ PT3+0*8, 0x202000 | PG_U | PG_W | PG_P, 0
    invlpg [SMALL]
    CHECK_EQ [SMALL], 0x02020202, "INVLPG after PAE PTE change"

    ; Reserved bits (SDM 3A 4.4.2 / 4.7): #PF with RSVD.
    CLEAR_EXC
    EXPECT_FAULT .r1_done
.r1:
    mov eax, [SMALL+0x1000]
.r1_done:
    CHECK_EQ [V_VEC], 14, "PTE bit 51 set: vector"
    CHECK_MASK [V_ERR], RSVD_MASK, 0x9 & RSVD_MASK, "PTE bit 51 set: error code"
    CHECK_EQ [V_EIP], .r1, "PTE bit 51 set: EIP"
    CHECK_EQ [V_CR2], SMALL+0x1000, "PTE bit 51 set: CR2"
    CLEAR_EXC
    EXPECT_FAULT .r2_done
.r2:
    mov [SMALL+0x2008], eax
.r2_done:
    CHECK_EQ [V_VEC], 14, "PTE bit 63 set without NXE: vector"
    CHECK_MASK [V_ERR], RSVD_MASK, 0xB & RSVD_MASK, "PTE bit 63 set without NXE: error code"
    CHECK_EQ [V_CR2], SMALL+0x2008, "PTE bit 63 set without NXE: CR2"

    ; Linear addresses under a not-present PDPTE fault as not present.
    CLEAR_EXC
    EXPECT_FAULT .np_done
.np:
    mov eax, [0x40000000]
.np_done:
    CHECK_EXC 14, 0, .np, "PDPTE not present"
    CHECK_EQ [V_CR2], 0x40000000, "PDPTE not present: CR2"
    jmp test_pass

RESET_VECTOR
