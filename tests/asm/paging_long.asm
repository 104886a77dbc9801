; paging_long - 4-level paging in IA-32e mode (SDM Vol. 3A, 4.5 and 4.7), from
; 64-bit code at CPL0 and CPL3. Run with --cpu core2 or nehalem (NX, no 1 GiB
; pages: CPUID.80000001H:EDX.Page1GB is clear).
;
; The 32-bit start builds the tables and enters 64-bit mode as long_mode does;
; every check then runs in 64-bit code with the CHECK64 helpers below.
;   - 4 KiB and 2 MiB pages reached through PML4 entry 1 (linear 0x80_0000_0000,
;     above 4 GiB): an alias reads and writes the same bytes as the identity map,
;     A and D in the PTE and the 2 MiB PDE, A in the upper levels, D set again
;     after software cleared it; bit 12 of a 2 MiB PDE is PAT, not an address
;     bit; INVLPG of one 4 KiB part of a 2 MiB page drops the whole 2 MiB
;     translation (4.10.4.1), and INVLPG of a remapped code page runs the new code;
;   - #PF error codes (4.7): P (not present vs. protection), W/R (with CR0.WP at
;     CPL0, R/W clear in one level at a time), U/S (CPL3 to a page whose U/S is
;     clear in one level at a time), RSVD (bit 63 without EFER.NXE, also for a
;     fetch, which then has no I/D; bit MAXPHYADDR of a PTE; PS in a PML4E; PS in
;     a PDPTE without 1 GiB pages; bit 13 of a 2 MiB PDE; none for a
;     not-present entry), I/D (also for a CPL3 fetch from a supervisor page);
;   - with EFER.NXE, XD in one level at a time (PML4E, PDPTE, PDE, PTE, and a
;     2 MiB PDE): data reads work, a fetch faults with I/D, at CPL0 and CPL3;
;   - CR2 holds the full 64-bit linear address (above 4 GiB and a high canonical
;     one) and the pushed RIP is the faulting instruction (the target for fetches);
;   - a non-canonical data address raises #GP(0), not #PF, and leaves CR2 alone.
; Not checked, because QEMU 7.2 TCG differs from the SDM:
;   - bit 0 (P) of the error code of RSVD faults: QEMU reports P=0, the SDM sets
;     it (4.7: RSVD faults only come from present entries);
;   - a JMP to a non-canonical target: the SDM (Vol. 2A, JMP) raises #GP(0) at
;     the JMP, QEMU pushes the target as RIP.

%include "paging.inc"
%include "long64.inc"

; Paging structures.
PML4            equ PAGE_AREA
PDPT0           equ PAGE_AREA+0x1000    ; identity map of the first GiB
PD0             equ PAGE_AREA+0x2000
PDPT_T          equ PAGE_AREA+0x3000    ; the test region under PML4 entry 1
PD_T            equ PAGE_AREA+0x4000
PT_T            equ PAGE_AREA+0x5000

; Physical pages behind the test region.
DATA_PG         equ DATA_AREA           ; read/write data
CODE_PG         equ DATA_AREA+0x1000    ; starts with RET
CODE2_PG        equ DATA_AREA+0x2000    ; replaces CODE_PG for the remap check
RO_PG           equ DATA_AREA+0x3000    ; mapped read-only
BIG0            equ 0x400000            ; 2 MiB pages
BIG1            equ 0x600000

; The test region (PML4 index 1): PT_T maps the first 2 MiB, PD_T[1] a 2 MiB page.
T_BASE          equ 0x0000008000000000
T_DATA          equ T_BASE              ; PT_T[0] -> DATA_PG
T_CODE          equ T_BASE+0x1000       ; PT_T[1] -> CODE_PG
T_NP            equ T_BASE+0x2000       ; PT_T[2] not present
T_RO            equ T_BASE+0x3000       ; PT_T[3] -> RO_PG, read-only
T_BIG           equ T_BASE+0x200000     ; PD_T[1] -> BIG0
HIGH_NP         equ 0xFFFF800000000000  ; PML4 index 256, not present
NON_CANONICAL   equ 0x0000800000000000

; The entries that map the test region, one per level.
E_PML4          equ PML4+1*8
E_PDPT          equ PDPT_T
E_PD            equ PD_T
E_PT_DATA       equ PT_T+0*8
E_PT_CODE       equ PT_T+1*8
E_BIG           equ PD_T+1*8

UWP             equ PG_U | PG_W | PG_P
BIT_RW          equ 1
BIT_U           equ 2
BIT_D           equ 6
BIT_PS          equ 7
BIT_XD          equ 63
EFER            equ 0xC0000080
EFER_NXE_BIT    equ 11
CR0_WP_BIT      equ 16
OP_RET          equ 0xC3

; #PF error code bits (SDM Vol. 3A, 4.7).
PF_P            equ 0x01
PF_W            equ 0x02
PF_U            equ 0x04
PF_RSVD         equ 0x08
PF_ID           equ 0x10

; Fault records written by the 64-bit #PF and #GP handlers.
R_COUNT         equ TVARS+0x00
R_VEC           equ TVARS+0x08
R_ERR           equ TVARS+0x10
R_RIP           equ TVARS+0x18
R_CR2           equ TVARS+0x20
R_RESUME        equ TVARS+0x28          ; where a fault continues; 0: unexpected
K_RSP           equ TVARS+0x30          ; kernel RSP while CPL3 code runs
R_MAXPHY        equ TVARS+0x38

TEXT32
test_main:
    PRINT `paging_long: start\n`
    call build_tables
    call build_gdt_tss_idt
    ; Enter IA-32e mode (SDM Vol. 3A, 10.8.5).
    mov ecx, EFER
    rdmsr
    or eax, 0x100                       ; LME
    wrmsr
    mov eax, cr4
    or eax, CR4_PAE
    mov cr4, eax
    mov eax, PML4
    mov cr3, eax
    mov eax, cr0
    or eax, CR0_PG
    mov cr0, eax
    lidt [idtr64]
    mov ax, SEL_TSS64
    ltr ax
    jmp SEL_CODE64:long64

build_tables:
    mov edi, PAGE_AREA
    mov ecx, 6
    call zero_pages
    SETQ PML4+0*8, PDPT0 | UWP, 0
    SETQ E_PML4, PDPT_T | UWP, 0
    SETQ PDPT0, PD0 | UWP, 0
    xor ecx, ecx
.identity:
    mov eax, ecx
    shl eax, 21
    or eax, PG_PS | UWP
    mov [PD0+ecx*8], eax
    inc ecx
    cmp ecx, 512
    jb .identity
    SETQ E_PDPT, PD_T | UWP, 0
    SETQ E_PD, PT_T | UWP, 0
    SETQ E_BIG, BIG0 | PG_PS | UWP, 0
    SETQ E_PT_DATA, DATA_PG | UWP, 0
    SETQ E_PT_CODE, CODE_PG | UWP, 0
    SETQ PT_T+3*8, RO_PG | PG_U | PG_P, 0
    mov byte [CODE_PG], OP_RET
    ret

build_gdt_tss_idt:
    mov ebx, unexpected64
    call long64_tables
    mov dword [TSS64+4], TSS_ESP0_TOP   ; RSP0
    mov ecx, GATE64_INT0
    mov eax, 13
    mov ebx, gp_handler
    call set_gate64
    mov eax, 14
    mov ebx, pf_handler
    call set_gate64
    mov eax, 0x41
    mov ebx, user_done
    mov ecx, GATE64_INT3                ; CPL3 code returns with INT 41h
    call set_gate64
    ret

;------------------------------------------------------------------ 64-bit code
bits 64

; PRINT64 "text"
%macro PRINT64 1
    call print_inline64
    db %1, 0
%endmacro

; CHECK64 actual, expected, "what": fail unless actual == expected (64 bits).
; actual: anything MOV r64 accepts; expected: likewise, but not RAX.
; Preserves the general registers, not the flags.
%macro CHECK64 3
    push rax
    push rbx
    mov rax, %1
    mov rbx, %2
    call check64_inline
    db %3, 0
    pop rbx
    pop rax
%endmacro

; CHECK64_MASK actual, mask, expected, "what": (actual & mask) == expected.
%macro CHECK64_MASK 4
    push rax
    push rbx
    mov rax, %1
    mov rbx, %2
    and rax, rbx
    mov rbx, %3
    call check64_inline
    db %4, 0
    pop rbx
    pop rax
%endmacro

; Paging-structure edits: SET_BIT/CLEAR_BIT entry, bit; FLUSH_TLB reloads CR3
; (every change below is followed by it or by INVLPG; SDM Vol. 3A, 4.10.4).
%macro SET_BIT 2
    bts qword [%1], %2
%endmacro
%macro CLEAR_BIT 2
    btr qword [%1], %2
%endmacro
%macro FLUSH_TLB 0
    mov rax, cr3
    mov cr3, rax
%endmacro

; ARM label: the next #PF or #GP is recorded and execution resumes at label.
%macro ARM 1
    mov qword [R_COUNT], 0
    mov qword [R_RESUME], %1
%endmacro

; RUN0 {instruction}: runs it at CPL0; a fault resumes after it. RDI = its address.
%macro RUN0 1
    mov rdi, %%insn
    ARM %%resume
%%insn:
    %1
%%resume:
%endmacro

; RUN3 {instruction}: runs it at CPL3 (then INT 41h); a fault resumes after it.
; RDI = its address.
%macro RUN3 1
    jmp %%run
%%insn:
    %1
%%back:
    int 0x41
%%run:
    ARM %%back
    mov rdi, %%insn
    call run_user
%endmacro

; CHECK_FAULT vector, error, cr2, rip, "what": exactly one fault with this record.
%macro CHECK_FAULT 5
    CHECK_FAULT_MASKED %1, -1, %2, %3, %4, {%5}
%endmacro

; CHECK_FAULT_MASKED vector, error mask, error, cr2, rip, "what": the same, comparing
; only the error-code bits in the mask.
%macro CHECK_FAULT_MASKED 6
    CHECK64 [R_COUNT], 1, {%6, ": one fault"}
    CHECK64 [R_VEC], %1, {%6, ": vector"}
    CHECK64_MASK [R_ERR], %2, (%3) & (%2), {%6, ": error code"}
    CHECK64 [R_CR2], %4, {%6, ": CR2"}
    CHECK64 [R_RIP], %5, {%6, ": pushed RIP"}
%endmacro

; RSVD faults: error-code bit 0 is not compared (see the header).
%macro CHECK_RSVD_FAULT 4
    CHECK_FAULT_MASKED 14, ~PF_P, %1, %2, %3, {%4}
%endmacro

; PF0/PF3 {instruction}, error, cr2, "what": the instruction raises #PF at CPL0/3.
%macro PF0 4
    RUN0 {%1}
    CHECK_FAULT 14, %2, %3, rdi, {%4}
%endmacro
%macro PF3 4
    RUN3 {%1}
    CHECK_FAULT 14, %2, %3, rdi, {%4}
%endmacro

; RSVD0 {instruction}, error, cr2, "what": PF0 for a reserved-bit fault.
%macro RSVD0 4
    RUN0 {%1}
    CHECK_RSVD_FAULT %2, %3, rdi, {%4}
%endmacro

; NO_FAULT0/NO_FAULT3 {instruction}, "what": it runs at CPL0/3 without a fault.
%macro NO_FAULT0 2
    RUN0 {%1}
    CHECK64 [R_COUNT], 0, {%2, ": no fault"}
%endmacro
%macro NO_FAULT3 2
    RUN3 {%1}
    CHECK64 [R_COUNT], 0, {%2, ": no fault"}
%endmacro

; FETCH_PF0/FETCH_PF3 error, "what": a jump to RBX at CPL0/3 raises #PF at the target.
%macro FETCH_PF0 2
    RUN0 {jmp rbx}
    CHECK_FAULT 14, %1, rbx, rbx, {%2}
%endmacro
%macro FETCH_PF3 2
    RUN3 {jmp rbx}
    CHECK_FAULT 14, %1, rbx, rbx, {%2}
%endmacro

long64:
    mov ax, SEL_DATA32
    mov ss, ax
    mov qword [R_RESUME], 0
    PRINT64 `64-bit mode\n`
    call check_cpuid
    call check_4k_pages
    call check_2m_pages
    call check_not_present
    call check_read_only
    call check_user_supervisor
    call check_reserved_bits
    call check_execute_disable
    call check_code_remap
    call check_non_canonical
    PRINT64 `PASS\n`
    mov al, EXIT_PASS
    out PORT_EXIT, al
    cli
    hlt

check_cpuid:
    mov eax, 0x80000001
    cpuid
    CHECK64_MASK rdx, 1 << 20, 1 << 20, "CPUID.80000001H:EDX.NX"
    CHECK64_MASK rdx, 1 << 26, 0, "CPUID.80000001H:EDX.Page1GB clear"
    mov eax, 0x80000008
    cpuid
    movzx eax, al
    mov [R_MAXPHY], rax
    ret

check_4k_pages:
    PRINT64 `4 KiB pages\n`
    mov rbx, T_DATA
    mov qword [DATA_PG+0x10], 0x11223344
    CHECK64 [rbx+0x10], 0x11223344, "4 KiB alias read"
    CHECK64_MASK [E_PT_DATA], PG_A | PG_D, PG_A, "4 KiB read: PTE A set, D clear"
    CHECK64_MASK [E_PD], PG_A, PG_A, "4 KiB read: PDE A"
    CHECK64_MASK [E_PDPT], PG_A, PG_A, "4 KiB read: PDPTE A"
    CHECK64_MASK [E_PML4], PG_A, PG_A, "4 KiB read: PML4E A"
    mov qword [rbx+0x20], 0x55667788
    CHECK64 [DATA_PG+0x20], 0x55667788, "4 KiB alias write"
    CHECK64_MASK [E_PT_DATA], PG_A | PG_D, PG_A | PG_D, "4 KiB write: PTE D"
    ; Software clears D; after INVLPG the next write sets it again.
    CLEAR_BIT E_PT_DATA, BIT_D
    invlpg [rbx]
    mov qword [rbx+0x20], 0x99
    CHECK64_MASK [E_PT_DATA], PG_D, PG_D, "4 KiB write after clearing D: PTE D"
    ret

check_2m_pages:
    PRINT64 `2 MiB pages\n`
    mov rbx, T_BIG
    mov qword [BIG0+0x123450], 0xB16B0
    CHECK64 [rbx+0x123450], 0xB16B0, "2 MiB alias read"
    CHECK64_MASK [E_BIG], PG_A | PG_D, PG_A, "2 MiB read: PDE A set, D clear"
    mov qword [rbx+0x1FFFF0], 0xB16B1
    CHECK64 [BIG0+0x1FFFF0], 0xB16B1, "2 MiB alias write at the page's end"
    CHECK64_MASK [E_BIG], PG_A | PG_D, PG_A | PG_D, "2 MiB write: PDE D"
    ; Point the PDE at another 2 MiB page; INVLPG of a different 4 KiB part
    ; of the page must drop the translation used above.
    mov qword [BIG1+0x123450], 0xB16B2
    mov qword [E_BIG], BIG1 | PG_PS | UWP
    invlpg [rbx+0x5000]
    CHECK64 [rbx+0x123450], 0xB16B2, "INVLPG of a 2 MiB page"
    ; Bit 12 of a 2 MiB PDE is PAT, not an address bit (Table 4-18).
    SET_BIT E_BIG, 12
    invlpg [rbx]
    NO_FAULT0 {mov rax, [rbx+0x123450]}, "2 MiB PDE with bit 12 (PAT) set"
    CHECK64 rax, 0xB16B2, "2 MiB PDE with bit 12 (PAT) set: same bytes"
    CLEAR_BIT E_BIG, 12
    invlpg [rbx]
    mov byte [BIG1+0x100000], OP_RET    ; for the execute-disable checks
    ret

check_not_present:
    PRINT64 `not-present pages\n`
    mov rbx, T_NP+0x88
    PF0 {mov eax, [rbx]}, 0, rbx, "CPL0 read, not present"
    PF0 {mov [rbx], eax}, PF_W, rbx, "CPL0 write, not present"
    PF3 {mov eax, [rbx]}, PF_U, rbx, "CPL3 read, not present"
    ; Reserved bits only count in present entries (4.7).
    SET_BIT PT_T+2*8, BIT_XD
    invlpg [rbx]
    PF0 {mov eax, [rbx]}, 0, rbx, "CPL0 read, not present with bit 63 set"
    CLEAR_BIT PT_T+2*8, BIT_XD
    mov rbx, HIGH_NP+0x1238
    PF0 {mov eax, [rbx]}, 0, rbx, "CPL0 read, high canonical, not present"
    PF3 {mov [rbx], al}, PF_W | PF_U, rbx, "CPL3 write, high canonical, not present"
    ret

; WRITE_DENIED entry, "what": with R/W clear in that entry alone and CR0.WP set,
; a CPL0 write to T_DATA is a protection fault.
%macro WRITE_DENIED 2
    CLEAR_BIT %1, BIT_RW
    FLUSH_TLB
    mov rbx, T_DATA+0x28
    PF0 {mov [rbx], eax}, PF_P | PF_W, rbx, {%2}
    SET_BIT %1, BIT_RW
    FLUSH_TLB
%endmacro

check_read_only:
    PRINT64 `read-only pages\n`
    mov rbx, T_RO+0x40
    mov rax, cr0
    bts rax, CR0_WP_BIT
    mov cr0, rax
    PF0 {mov [rbx], eax}, PF_P | PF_W, rbx, "CPL0 write, read-only page, CR0.WP=1"
    NO_FAULT0 {mov eax, [rbx]}, "CPL0 read, read-only page"
    WRITE_DENIED E_PML4, "CPL0 write, read-only PML4E, CR0.WP=1"
    WRITE_DENIED E_PDPT, "CPL0 write, read-only PDPTE, CR0.WP=1"
    WRITE_DENIED E_PD, "CPL0 write, read-only PDE, CR0.WP=1"
    mov rbx, T_RO+0x40                  ; WRITE_DENIED used RBX
    mov rax, cr0
    btr rax, CR0_WP_BIT
    mov cr0, rax
    NO_FAULT0 {mov qword [rbx], 0x600D}, "CPL0 write, read-only page, CR0.WP=0"
    CHECK64 [RO_PG+0x40], 0x600D, "CPL0 write with CR0.WP=0 reached memory"
    PF3 {mov [rbx], eax}, PF_P | PF_W | PF_U, rbx, "CPL3 write, read-only page"
    NO_FAULT3 {mov eax, [rbx]}, "CPL3 read, read-only page"
    ret

; USER_READ_DENIED entry, "what": with U/S clear in that entry alone, a CPL3
; read of T_DATA is a protection fault.
%macro USER_READ_DENIED 2
    CLEAR_BIT %1, BIT_U
    FLUSH_TLB
    mov rbx, T_DATA+0x10
    PF3 {mov eax, [rbx]}, PF_P | PF_U, rbx, {%2}
    SET_BIT %1, BIT_U
    FLUSH_TLB
%endmacro

check_user_supervisor:
    PRINT64 `user/supervisor\n`
    mov rbx, T_DATA+0x10
    NO_FAULT3 {mov eax, [rbx]}, "CPL3 read, user page"
    USER_READ_DENIED E_PML4, "CPL3 read, supervisor PML4E"
    USER_READ_DENIED E_PDPT, "CPL3 read, supervisor PDPTE"
    USER_READ_DENIED E_PD, "CPL3 read, supervisor PDE"
    USER_READ_DENIED E_PT_DATA, "CPL3 read, supervisor PTE"
    CLEAR_BIT E_PT_DATA, BIT_U
    FLUSH_TLB
    PF3 {mov [rbx], eax}, PF_P | PF_W | PF_U, rbx, "CPL3 write, supervisor PTE"
    NO_FAULT0 {mov [rbx], eax}, "CPL0 write, supervisor PTE"
    SET_BIT E_PT_DATA, BIT_U
    FLUSH_TLB
    ret

; RESERVED entry, bit, address, "what": that bit set makes a CPL0 read of the
; address a reserved-bit fault.
%macro RESERVED 4
    SET_BIT %1, %2
    FLUSH_TLB
    mov rbx, %3
    RSVD0 {mov eax, [rbx]}, PF_P | PF_RSVD, rbx, {%4}
    CLEAR_BIT %1, %2
    FLUSH_TLB
%endmacro

check_reserved_bits:
    PRINT64 `reserved bits\n`
    RESERVED E_PT_DATA, BIT_XD, T_DATA+0x18, "PTE bit 63 with EFER.NXE clear"
    mov rcx, [R_MAXPHY]
    RESERVED E_PT_DATA, rcx, T_DATA+0x18, "PTE bit MAXPHYADDR"
    RESERVED E_PML4, BIT_PS, T_DATA+0x18, "PS in a PML4E"
    RESERVED E_PDPT, BIT_PS, T_DATA+0x18, "PS in a PDPTE without 1 GiB pages"
    RESERVED E_BIG, 13, T_BIG+0x18, "2 MiB PDE bit 13 (address bits below 2 MiB)"
    mov rbx, T_DATA+0x18
    NO_FAULT0 {mov eax, [rbx]}, "read after clearing the reserved bits"
    ; A fetch through such an entry: RSVD, and no I/D while EFER.NXE is clear (4.7).
    SET_BIT E_PT_CODE, BIT_XD
    FLUSH_TLB
    mov rbx, T_CODE
    RUN0 {jmp rbx}
    CHECK_RSVD_FAULT PF_P | PF_RSVD, rbx, rbx, "fetch, PTE bit 63 with EFER.NXE clear"
    CLEAR_BIT E_PT_CODE, BIT_XD
    FLUSH_TLB
    ret

; NO_EXECUTE entry, address, "what": with XD set in that entry alone, the RET at
; the address can be read but not executed.
%macro NO_EXECUTE 3
    SET_BIT %1, BIT_XD
    FLUSH_TLB
    mov rbx, %2
    CHECK64_MASK [rbx], 0xFF, OP_RET, {%3, ": data read"}
    FETCH_PF0 PF_P | PF_ID, {%3, ": CPL0 fetch"}
    FETCH_PF3 PF_P | PF_U | PF_ID, {%3, ": CPL3 fetch"}
    CLEAR_BIT %1, BIT_XD
    FLUSH_TLB
%endmacro

check_execute_disable:
    PRINT64 `execute-disable\n`
    mov ecx, EFER
    rdmsr
    bts eax, EFER_NXE_BIT
    wrmsr
    FLUSH_TLB
    mov rbx, T_CODE
    NO_FAULT0 {call rbx}, "CPL0 fetch from a page without XD"
    NO_EXECUTE E_PML4, T_CODE, "XD in the PML4E"
    NO_EXECUTE E_PDPT, T_CODE, "XD in the PDPTE"
    NO_EXECUTE E_PD, T_CODE, "XD in the PDE"
    NO_EXECUTE E_PT_CODE, T_CODE, "XD in the PTE"
    NO_EXECUTE E_BIG, T_BIG+0x100000, "XD in a 2 MiB PDE"
    mov rbx, T_CODE
    NO_FAULT0 {call rbx}, "CPL0 fetch after clearing XD"
    mov rbx, T_BIG+0x100000
    NO_FAULT3 {call rbx}, "CPL3 fetch from a 2 MiB page after clearing XD"
    CLEAR_BIT E_PT_CODE, BIT_U
    FLUSH_TLB
    mov rbx, T_CODE
    FETCH_PF3 PF_P | PF_U | PF_ID, "CPL3 fetch, supervisor PTE, NXE set"
    SET_BIT E_PT_CODE, BIT_U
    FLUSH_TLB
    mov rbx, T_NP
    FETCH_PF0 PF_ID, "CPL0 fetch, not present, NXE set"
    mov rbx, HIGH_NP+0x777
    FETCH_PF3 PF_U | PF_ID, "CPL3 fetch, high canonical, not present"
    ret

; SET_RETURN_VALUE page, value: "mov eax, value; ret" at page+0x10.
%macro SET_RETURN_VALUE 2
    mov byte [%1+0x10], 0xB8
    mov dword [%1+0x11], %2
    mov byte [%1+0x15], OP_RET
%endmacro

; Code at a linear address that INVLPG moved to another physical page runs from
; the new page (4.10.4.1).
check_code_remap:
    PRINT64 `code page remap\n`
    SET_RETURN_VALUE CODE_PG, 1
    SET_RETURN_VALUE CODE2_PG, 2
    mov rbx, T_CODE+0x10
    call rbx
    CHECK64 rax, 1, "code through the first mapping"
    mov qword [E_PT_CODE], CODE2_PG | UWP
    invlpg [rbx]
    call rbx
    CHECK64 rax, 2, "code after remapping its page and INVLPG"
    mov qword [E_PT_CODE], CODE_PG | UWP
    invlpg [rbx]
    ret

; NON_CANONICAL0 address, "what": a CPL0 read raises #GP(0) and leaves CR2.
%macro NON_CANONICAL0 2
    mov rax, 0x5A5A5A5A5A5A5A5A
    mov cr2, rax
    mov rbx, %1
    RUN0 {mov eax, [rbx]}
    CHECK_FAULT 13, 0, 0x5A5A5A5A5A5A5A5A, rdi, {%2}
%endmacro

check_non_canonical:
    PRINT64 `non-canonical addresses\n`
    NON_CANONICAL0 NON_CANONICAL, "read at 0x0000800000000000"
    NON_CANONICAL0 0xFFFF7FFFFFFFF000, "read at 0xFFFF7FFFFFFFF000"
    ret

; Runs CPL3 64-bit code at RDI until it executes INT 41h (user_done); RSP is
; USER_STACK_TOP. Clobbers RCX.
run_user:
    mov [K_RSP], rsp
    push SEL_UDATA
    push USER_STACK_TOP
    push 0x2
    push SEL_UCODE64
    push rdi
    iretq

; INT 41h from CPL3: drop the frame and return from run_user at CPL0.
user_done:
    mov rsp, [K_RSP]
    mov cx, SEL_DATA32
    mov ss, cx
    ret

; #PF and #GP: record the fault, then continue at [R_RESUME] (at the CPL of
; the faulting code).
pf_handler:
    mov qword [R_VEC], 14
    jmp record_fault
gp_handler:
    mov qword [R_VEC], 13
record_fault:
    push rax
    mov rax, [rsp+8]
    mov [R_ERR], rax
    mov rax, [rsp+16]
    mov [R_RIP], rax
    mov rax, cr2
    mov [R_CR2], rax
    inc qword [R_COUNT]
    mov rax, [R_RESUME]
    test rax, rax
    jz .unexpected
    mov [rsp+16], rax
    mov qword [R_RESUME], 0
    pop rax
    add rsp, 8                          ; the error code
    iretq
.unexpected:
    PRINT64 "FAIL: unexpected fault, vector 0x"
    mov rax, [R_VEC]
    call print_hex64
    PRINT64 " error 0x"
    mov rax, [R_ERR]
    call print_hex64
    PRINT64 " RIP 0x"
    mov rax, [R_RIP]
    call print_hex64
    PRINT64 " CR2 0x"
    mov rax, [R_CR2]
    call print_hex64
    PRINT64 `\n`
    jmp fail_exit64

unexpected64:
    PRINT64 `FAIL: unexpected exception in 64-bit mode\n`
fail_exit64:
    mov al, EXIT_FAIL
    out PORT_EXIT, al
    cli
    hlt
    jmp fail_exit64

; Prints the NUL-terminated string at RSI; returns RSI past the NUL.
print64:
    push rax
.next:
    mov al, [rsi]
    inc rsi
    test al, al
    jz .done
    out PORT_CONSOLE, al
    jmp .next
.done:
    pop rax
    ret

print_inline64:
    xchg rsi, [rsp]
    call print64
    xchg rsi, [rsp]
    ret

; Prints RAX as 16 hex digits.
print_hex64:
    push rax
    push rcx
    push rdx
    mov rdx, rax
    mov ecx, 16
.digit:
    rol rdx, 4
    mov al, dl
    and al, 0x0F
    add al, '0'
    cmp al, '9'
    jbe .out
    add al, 'A'-'9'-1
.out:
    out PORT_CONSOLE, al
    dec ecx
    jnz .digit
    pop rdx
    pop rcx
    pop rax
    ret

; CHECK64 helper: RAX actual, RBX expected, the message inline after the call.
check64_inline:
    cmp rax, rbx
    jne .fail
    xchg rsi, [rsp]
.skip:
    inc rsi
    cmp byte [rsi-1], 0
    jne .skip
    xchg rsi, [rsp]
    ret
.fail:
    PRINT64 "FAIL: "
    mov rsi, [rsp]
    call print64
    PRINT64 " (got 0x"
    call print_hex64
    PRINT64 ", want 0x"
    mov rax, rbx
    call print_hex64
    PRINT64 `)\n`
    jmp fail_exit64

RESET_VECTOR
