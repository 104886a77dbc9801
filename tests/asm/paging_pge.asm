; paging_pge - global pages with CR4.PGE (SDM Vol. 3A 4.10.2.4, 4.10.4.1).
;
; Only what the architecture guarantees is asserted:
;   * MOV to CR3 invalidates all non-global translations, so a non-global
;     page must see its changed PTE afterwards;
;   * a global translation MAY survive MOV to CR3 (a TLB need not cache at
;     all), so its value after the reload is printed, not checked;
;   * INVLPG invalidates a global translation;
;   * toggling CR4.PGE invalidates all translations, global ones included;
;   * with CR4.PGE=0 the G bit is ignored and MOV to CR3 flushes everything.

%include "paging.inc"

GP      equ 0x380000            ; global page (PTE.G=1)
NGP     equ 0x381000            ; non-global page
ALT_G   equ 0x382000            ; alternative physical pages
ALT_NG  equ 0x383000

%macro RELOAD_CR3 0
    mov eax, cr3
    mov cr3, eax
%endmacro

TEXT32
test_main:
    PRINT `paging_pge\n`
    mov eax, 1
    cpuid
    CHECK_MASK edx, 1 << 13, 1 << 13, "CPUID.1:EDX.PGE"
    call paging_identity_setup
    mov dword [GP], 0xA1A1A1A1
    mov dword [NGP], 0xB1B1B1B1
    mov dword [ALT_G], 0xA2A2A2A2
    mov dword [ALT_NG], 0xB2B2B2B2
    mov dword [PTE0(GP)], GP | PG_G | PG_W | PG_P
    mov dword [PTE0(NGP)], NGP | PG_W | PG_P
    call paging_enable
    mov eax, cr4
    or eax, CR4_PGE
    mov cr4, eax

    ; Load both translations, retarget both PTEs, reload CR3.
    CHECK_EQ [GP], 0xA1A1A1A1, "global page before change"
    CHECK_EQ [NGP], 0xB1B1B1B1, "non-global page before change"
    mov dword [PTE0(GP)], ALT_G | PG_G | PG_W | PG_P
    mov dword [PTE0(NGP)], ALT_NG | PG_W | PG_P
    RELOAD_CR3
    CHECK_EQ [NGP], 0xB2B2B2B2, "non-global page must see new PTE after CR3 reload"
    PRINT "global page after CR3 reload reads 0x"
    PRINTHEX [GP]
    PRINT ` (either value is allowed)\n`
    invlpg [GP]
    CHECK_EQ [GP], 0xA2A2A2A2, "INVLPG must invalidate a global page"

    ; Toggling CR4.PGE flushes global translations too.
    CHECK_EQ [GP], 0xA2A2A2A2, "global page reloaded"
    mov dword [PTE0(GP)], GP | PG_G | PG_W | PG_P
    mov eax, cr4
    and eax, ~CR4_PGE
    mov cr4, eax
    or eax, CR4_PGE
    mov cr4, eax
    CHECK_EQ [GP], 0xA1A1A1A1, "clearing CR4.PGE must flush global pages"

    ; With CR4.PGE=0 the G bit is ignored: CR3 reload flushes the page.
    mov eax, cr4
    and eax, ~CR4_PGE
    mov cr4, eax
    CHECK_EQ [GP], 0xA1A1A1A1, "G page with PGE=0 before change"
    mov dword [PTE0(GP)], ALT_G | PG_G | PG_W | PG_P
    RELOAD_CR3
    CHECK_EQ [GP], 0xA2A2A2A2, "PGE=0: G bit ignored, CR3 reload flushes"
    jmp test_pass

RESET_VECTOR
