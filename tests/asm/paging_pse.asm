; paging_pse - 4 MiB pages with CR4.PSE (SDM Vol. 3A 4.3, Table 4-4).
;
; PDE0 -> PT0 (4 KiB identity 0-4 MiB, holds code/stack/tables)
; PDE1 = 4 MiB page, identity 4-8 MiB
; PDE2 = 4 MiB page at linear 8 MiB -> physical 4 MiB (alias of PDE1)
; PDE3 -> PT3 (4 KiB pages inside the 12-16 MiB window), mixed with the above
; Checks the alias, offsets up to 4 MiB, A/D in a 4 MiB PDE (SDM 3A 4.8),
; INVLPG of a large page (SDM 3A 4.10.4.1), and that PS is ignored when
; CR4.PSE=0 (the PDE then references a page table).

%include "paging.inc"

PT3     equ PAGE_AREA+0x3000
BIG     equ 0x400000            ; identity 4 MiB page (linear = physical)
ALIAS   equ 0x800000            ; 4 MiB alias of physical 0x400000
MIXED   equ 0xC00000            ; 4 KiB page -> physical 0x401000

TEXT32
test_main:
    PRINT `paging_pse\n`
    mov eax, 1
    cpuid
    CHECK_MASK edx, 1 << 3, 1 << 3, "CPUID.1:EDX.PSE"
    call paging_identity_setup
    mov dword [PD_ADDR+1*4], 0x400000 | PG_PS | PG_U | PG_W | PG_P
    mov dword [PD_ADDR+2*4], 0x400000 | PG_PS | PG_U | PG_W | PG_P
    mov edi, PT3
    mov ecx, 1
    call zero_pages
    mov dword [PD_ADDR+3*4], PT3 | PG_U | PG_W | PG_P
    mov dword [PT3], 0x401000 | PG_U | PG_W | PG_P
    ; Test data is written before paging (linear = physical).
    mov dword [0x400000], 0x402000 | PG_U | PG_W | PG_P   ; used as a PTE later
    mov dword [0x400010], 0x10101010
    mov dword [0x401000], 0x01010101
    mov dword [0x402000], 0x02020202
    mov dword [0x7FFFFC], 0x7F7F7F7F
    mov dword [0x1004], 0xABCDEF01          ; read back through a remapped large page
    mov eax, cr4
    or eax, CR4_PSE
    mov cr4, eax
    mov eax, cr4
    CHECK_MASK eax, CR4_PSE, CR4_PSE, "CR4.PSE reads back"
    call paging_enable

    CHECK_EQ [BIG+0x10], 0x10101010, "4 MiB identity page"
    CHECK_EQ [BIG+0x3FFFFC], 0x7F7F7F7F, "4 MiB page: last dword (offset bits 21:0)"
    CHECK_MASK [PD_ADDR+2*4], PG_A|PG_D, 0, "4 MiB PDE: A/D clear before access"
    CHECK_EQ [ALIAS+0x10], 0x10101010, "4 MiB alias read"
    CHECK_MASK [PD_ADDR+2*4], PG_A|PG_D, PG_A, "4 MiB PDE: read sets A only"
    mov dword [ALIAS+0x20], 0x20202020
    CHECK_MASK [PD_ADDR+2*4], PG_A|PG_D, PG_A|PG_D, "4 MiB PDE: write sets D"
    CHECK_EQ [BIG+0x20], 0x20202020, "write through alias seen at identity address"
    CHECK_EQ [ALIAS+0x3FFFFC], 0x7F7F7F7F, "4 MiB alias: last dword"
    CHECK_EQ [MIXED], 0x01010101, "4 KiB page next to 4 MiB pages"

    ; Retarget the alias to physical 0 and INVLPG one address inside it: the
    ; whole 4 MiB translation must go.
    mov dword [PD_ADDR+2*4], 0x000000 | PG_PS | PG_U | PG_W | PG_P
    invlpg [ALIAS+0x123456]
    CHECK_EQ [ALIAS+0x1004], 0xABCDEF01, "INVLPG of a 4 MiB page"
    mov dword [PD_ADDR+2*4], 0x400000 | PG_PS | PG_U | PG_W | PG_P
    invlpg [ALIAS]

    ; CR4.PSE=0: PS is ignored and PDE2 references a page table at physical
    ; 0x400000 whose entry 0 maps physical 0x402000. Changing CR4.PSE
    ; invalidates the TLBs (SDM 3A 4.10.4.1).
    mov eax, cr4
    and eax, ~CR4_PSE
    mov cr4, eax
    CHECK_EQ [ALIAS], 0x02020202, "CR4.PSE=0: PS bit ignored, PDE points to a page table"
    mov eax, cr4
    or eax, CR4_PSE
    mov cr4, eax
    CHECK_EQ [ALIAS+0x10], 0x10101010, "CR4.PSE=1 again: 4 MiB page"
    jmp test_pass

RESET_VECTOR
