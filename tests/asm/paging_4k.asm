; paging_4k - 32-bit paging with 4 KiB pages (SDM Vol. 3A 4.3).
;
; Checks: identity mapping, an alias (two linear pages -> one physical page),
; accessed/dirty flags (SDM 3A 4.8), INVLPG after a PTE change and the
; not-present -> present rule (SDM 3A 4.10.4.3), and CR0.WP for supervisor
; writes to read-only pages (SDM 3A 4.6.1).

%include "paging.inc"

PT1_ADDR    equ PAGE_AREA+0x2000    ; page table for linear 4-8 MiB
T_AD        equ 0x300000            ; page used for the A/D checks
T_RO        equ 0x302000            ; supervisor read-only page
ALIAS       equ 0x400000            ; alias of physical DATA_AREA
ALIAS_NP    equ 0x401000            ; initially not present

TEXT32
test_main:
    PRINT `paging_4k\n`
    call paging_identity_setup
    mov edi, PT1_ADDR
    mov ecx, 1
    call zero_pages
    mov dword [PD_ADDR+4], PT1_ADDR | PG_W | PG_P
    mov dword [PT1_ADDR+0], DATA_AREA | PG_W | PG_P          ; ALIAS -> 0x200000
    mov dword [PTE0(T_RO)], T_RO | PG_P                       ; R/W=0, U/S=0
    mov dword [DATA_AREA], 0x11111111
    mov dword [DATA_AREA+0x1000], 0x22222222
    call paging_enable
    mov eax, cr0
    CHECK_MASK eax, CR0_PG|1, CR0_PG|1, "CR0.PG and PE set"

    ; ---- accessed / dirty (SDM 3A 4.8) ----
    CHECK_MASK [PTE0(T_AD)], PG_A|PG_D, 0, "PTE A/D clear before any access"
    mov eax, [T_AD]
    CHECK_MASK [PTE0(T_AD)], PG_A|PG_D, PG_A, "read sets PTE.A only"
    CHECK_MASK [PD_ADDR], PG_A, PG_A, "read sets PDE.A"
    mov [T_AD], eax
    ; The first write must set D even though the translation was cached by the read.
    CHECK_MASK [PTE0(T_AD)], PG_A|PG_D, PG_A|PG_D, "write sets PTE.D"
    and dword [PTE0(T_AD)], ~(PG_A|PG_D)
    invlpg [T_AD]
    mov dword [T_AD+4], 5
    CHECK_MASK [PTE0(T_AD)], PG_A|PG_D, PG_A|PG_D, "write after INVLPG sets A and D"

    ; ---- alias: two linear pages on one physical page ----
    CHECK_EQ [ALIAS], 0x11111111, "alias read sees physical page"
    mov dword [ALIAS+8], 0xA5A5A5A5
    CHECK_EQ [DATA_AREA+8], 0xA5A5A5A5, "write through alias visible at identity address"
    mov dword [DATA_AREA+12], 0x5A5A5A5A
    CHECK_EQ [ALIAS+12], 0x5A5A5A5A, "write at identity address visible through alias"

    ; ---- INVLPG after retargeting a PTE (SDM 3A 4.10.4.1) ----
    mov dword [PT1_ADDR+0], (DATA_AREA+0x1000) | PG_W | PG_P
    invlpg [ALIAS]
    CHECK_EQ [ALIAS], 0x22222222, "INVLPG: new PTE used"
    mov dword [PT1_ADDR+0], DATA_AREA | PG_W | PG_P
    invlpg [ALIAS]
    CHECK_EQ [ALIAS], 0x11111111, "INVLPG: PTE switched back"

    ; ---- not present -> present needs no invalidation (SDM 3A 4.10.4.3) ----
    CLEAR_EXC
    EXPECT_FAULT .np_done
.np_read:
    mov eax, [ALIAS_NP]
.np_done:
    CHECK_EXC 14, 0, .np_read, "read of not-present page"
    CHECK_EQ [V_CR2], ALIAS_NP, "CR2 for not-present page"
    mov dword [PT1_ADDR+4], (DATA_AREA+0x1000) | PG_W | PG_P
    CHECK_EQ [ALIAS_NP], 0x22222222, "page made present is usable without INVLPG"

    ; ---- CR0.WP (SDM 3A 4.6.1) ----
    mov dword [T_RO], 0x11              ; WP=0: supervisor may write read-only pages
    CHECK_EQ [T_RO], 0x11, "WP=0: supervisor write to read-only page"
    mov eax, cr0
    or eax, CR0_WP
    mov cr0, eax
    mov eax, cr3                        ; drop any cached rights
    mov cr3, eax
    CLEAR_EXC
    EXPECT_FAULT .wp_done
.wp_write:
    mov dword [T_RO], 0x22
.wp_done:
    CHECK_EXC 14, 3, .wp_write, "WP=1: supervisor write to read-only page"
    CHECK_EQ [V_CR2], T_RO, "WP=1: CR2"
    CHECK_EQ [T_RO], 0x11, "WP=1: faulting write must not modify memory"
    mov eax, cr0
    and eax, ~CR0_WP
    mov cr0, eax
    mov dword [T_RO], 0x33
    CHECK_EQ [T_RO], 0x33, "WP cleared again: write allowed"
    jmp test_pass

RESET_VECTOR
