; paging_nx - execute-disable pages under PAE paging in 32-bit protected mode
; (SDM Vol. 3A 4.6 and 4.7): CPUID.80000001H:EDX.NX, IA32_EFER.NXE, the XD
; bit (63) of a PTE and of a 2 MiB PDE, and the I/D bit of the #PF error
; code. Run with --cpu core2 (a model with NX).
;
; FETCH_FAULT target, error, "what": a jump to `target` raises #PF with this
; error code, reporting `target` as the faulting EIP and in CR2.
%macro FETCH_FAULT 3
    CLEAR_EXC
    EXPECT_FAULT %%done
    jmp %1
%%done:
    CHECK_EXC 14, %2, %1, %3
    CHECK_EQ [V_CR2], %1, {%3, ": CR2"}
%endmacro

; Linear map (PDPTE0 -> PD):
;   0-2 MiB   PDE0 -> PT0, 4 KiB identity pages (code, stack, tables)
;   2-4 MiB   PDE1 = 2 MiB identity page, XD set in the PDE
;   4-6 MiB   PDE2 -> PT2: 4 KiB pages at physical 2 MiB + n*4K; PT2[1] has
;             XD set, PT2[2] is not present

%include "paging.inc"

PDPT    equ PAGE_AREA
PD      equ PAGE_AREA+0x1000
PT0     equ PAGE_AREA+0x2000
PT2     equ PAGE_AREA+0x3000
BIG     equ 0x200000
SMALL   equ 0x400000
XD_HI   equ 0x80000000          ; bit 63 in the entry's high dword
EFER    equ 0xC0000080
EFER_NXE equ 1 << 11
OP_RET  equ 0xC3

TEXT32
test_main:
    PRINT `paging_nx\n`
    mov eax, 0x80000001
    cpuid
    CHECK_MASK edx, 1 << 20, 1 << 20, "CPUID.80000001H:EDX.NX"
    mov edi, PAGE_AREA
    mov ecx, 4
    call zero_pages
    SETQ PDPT, PD | PG_P, 0
    SETQ PD+0*8, PT0 | PG_U | PG_W | PG_P, 0
    SETQ PD+1*8, 0x200000 | PG_PS | PG_U | PG_W | PG_P, XD_HI
    SETQ PD+2*8, PT2 | PG_U | PG_W | PG_P, 0
    mov edi, PT0
    call pae_identity_pt
    SETQ PT2+0*8, 0x200000 | PG_U | PG_W | PG_P, 0
    SETQ PT2+1*8, 0x201000 | PG_U | PG_W | PG_P, XD_HI
    ; A RET at the start of the first two physical pages of the 2 MiB page.
    mov byte [0x200000], OP_RET
    mov byte [0x201000], OP_RET
    mov dword [0x201004], 0x44332211

    mov eax, PDPT
    call pae_enable
    ; Without EFER.NXE bit 63 is reserved: even a read faults, with RSVD and without I/D.
    CLEAR_EXC
    EXPECT_FAULT .r0_done
.r0:
    mov eax, [SMALL+0x1004]
.r0_done:
    CHECK_EQ [V_VEC], 14, "XD without NXE: vector"
    CHECK_MASK [V_ERR], RSVD_MASK, 0x8 & RSVD_MASK, "XD without NXE: error code"
    CHECK_EQ [V_CR2], SMALL+0x1004, "XD without NXE: CR2"

    ; Turn on NXE (a paging-structure change: flush by reloading CR3).
    mov ecx, EFER
    rdmsr
    or eax, EFER_NXE
    wrmsr
    rdmsr
    CHECK_MASK eax, EFER_NXE, EFER_NXE, "EFER.NXE set"
    mov eax, cr3
    mov cr3, eax

    ; Data accesses to XD pages work.
    CHECK_EQ [SMALL+0x1004], 0x44332211, "read from an XD 4 KiB page"
    mov dword [SMALL+0x1008], 0x55
    CHECK_EQ [0x201008], 0x55, "write to an XD 4 KiB page"
    CHECK_EQ [BIG+0x1004], 0x44332211, "read from an XD 2 MiB page"

    ; Code runs from the page without XD.
    call SMALL

    ; A fetch from an XD 4 KiB page: #PF with P and I/D, CR2 and EIP the target.
    FETCH_FAULT SMALL+0x1000, 0x11, "fetch from an XD PTE"

    ; The same through a 2 MiB page whose PDE has XD.
    FETCH_FAULT BIG+0x1000, 0x11, "fetch from an XD PDE"

    ; A fetch from a not-present page reports I/D too while NXE is set.
    FETCH_FAULT SMALL+0x2000, 0x10, "fetch from a not-present page with NXE"

    ; A data access to a not-present page does not.
    CLEAR_EXC
    EXPECT_FAULT .f4_done
.f4:
    mov eax, [SMALL+0x2000]
.f4_done:
    CHECK_EXC 14, 0, .f4, "read from a not-present page with NXE"

    ; Code that runs into an XD page faults at the first byte there.
    mov byte [0x200FFF], 0x90      ; NOP, then the XD page
    CLEAR_EXC
    EXPECT_FAULT .f5_done
    jmp SMALL+0xFFF
.f5_done:
    CHECK_EXC 14, 0x11, SMALL+0x1000, "falling into an XD page"

    ; Clearing XD (and INVLPG) makes the page executable.
    SETQ PT2+1*8, 0x201000 | PG_U | PG_W | PG_P, 0
    invlpg [SMALL+0x1000]
    CLEAR_EXC
    call SMALL+0x1000
    CHECK_EQ [V_COUNT], 0, "fetch after clearing XD"

    ; Clearing NXE makes bit 63 reserved again.
    SETQ PT2+1*8, 0x201000 | PG_U | PG_W | PG_P, XD_HI
    mov ecx, EFER
    rdmsr
    and eax, ~EFER_NXE
    wrmsr
    mov eax, cr3
    mov cr3, eax
    CLEAR_EXC
    EXPECT_FAULT .f6_done
    jmp SMALL+0x1000
.f6_done:
    CHECK_EQ [V_VEC], 14, "fetch, XD without NXE: vector"
    CHECK_MASK [V_ERR], RSVD_MASK, 0x8 & RSVD_MASK, "fetch, XD without NXE: error code"
    jmp test_pass

RESET_VECTOR
