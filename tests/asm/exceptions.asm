; exceptions - exception vectors, error codes and saved EIP
; (SDM Vol. 3A 6.5 "Exception Classifications", 6.13 "Error Code", 6.15
; "Exception and Interrupt Reference").
;
; Faults must push the EIP of the faulting instruction, traps (INT3, INTO)
; the EIP of the next instruction. Selector error codes: index|TI with
; EXT=0; IDT-related ones are vector*8+2 (IDT bit set).
; Not checked: #GP on writes to read-only data or code segments, on
; accesses through a null data segment, and on segment-limit violations:
; QEMU TCG enforces none of these. #AC is not
; checked: QEMU TCG does not implement alignment checking.

%include "pm.inc"

SEL_XO      equ SEL_FREE+0x00       ; execute-only code
SEL_NP      equ SEL_FREE+0x08       ; data, not present
SEL_ZERO    equ SEL_FREE+0x10       ; all-zero descriptor (invalid type)
SEL_BADTSS  equ SEL_FREE+0x18       ; TSS with limit 0x20 (< 0x67)
SEL_LDT     equ 0x000C              ; TI=1 while LDTR is null
BOUNDS      equ TVARS
IDTR_SAVE   equ TVARS+0x10

; FAULT_CASE vector, error code, "what", instruction(s)... - the faulting
; instruction is the first one after the label.
%macro FAULT_CASE 4+
    CLEAR_EXC
    EXPECT_FAULT %%done
%%insn:
    %4
%%done:
    CHECK_EXC %1, %2, %%insn, %3
%endmacro

; SEG_CASE vector, selector, segreg, "what": loading segreg faults with
; error code = selector.
%macro SEG_CASE 4
    mov ax, %2
    FAULT_CASE %1, %2 & 0xFFFC, %4, {mov %3, ax}
%endmacro

TEXT32
test_main:
    PRINT `exceptions\n`
    mov dword [GDT_BASE+SEL_XO], 0x0000FFFF
    mov dword [GDT_BASE+SEL_XO+4], 0x00CF9900
    mov dword [GDT_BASE+SEL_NP], 0x0000FFFF
    mov dword [GDT_BASE+SEL_NP+4], 0x00CF1300        ; P=0
    mov dword [GDT_BASE+SEL_BADTSS], 0x00000020 | ((TSS_AREA & 0xFFFF) << 16)
    mov dword [GDT_BASE+SEL_BADTSS+4], 0x00008900
    xor eax, eax
    lldt ax                     ; null LDTR: TI=1 selectors must fault
    mov dword [BOUNDS], 10
    mov dword [BOUNDS+4], 20

    ; ---- #DE (vector 0, fault, no error code) ----
    xor edx, edx
    mov eax, 100
    xor ecx, ecx
    FAULT_CASE 0, NO_ERR, "DIV by zero", {div ecx}
    mov edx, 1
    xor eax, eax
    mov ecx, 1
    FAULT_CASE 0, NO_ERR, "DIV quotient overflow", {div ecx}
    mov ax, 0x8000
    mov cl, 0xFF
    FAULT_CASE 0, NO_ERR, "IDIV -32768/-1 (byte quotient overflow)", {idiv cl}

    ; ---- #UD (vector 6) ----
    FAULT_CASE 6, NO_ERR, "UD2", {ud2}
    FAULT_CASE 6, NO_ERR, "LOCK NOP", {db 0xF0, 0x90}
    FAULT_CASE 6, NO_ERR, "MOV CS, AX", {db 0x8E, 0xC8}

    ; ---- #BR (vector 5) ----
    mov eax, 15
    bound eax, [BOUNDS]         ; in range
    mov eax, 20
    bound eax, [BOUNDS]         ; upper bound is inclusive
    mov eax, 9
    FAULT_CASE 5, NO_ERR, "BOUND below lower bound", {bound eax, [BOUNDS]}
    mov eax, 21
    FAULT_CASE 5, NO_ERR, "BOUND above upper bound", {bound eax, [BOUNDS]}

    ; ---- #GP (vector 13) with selector error codes ----
    SEG_CASE 13, 0x0800, ds, "selector beyond GDT limit"
    SEG_CASE 13, SEL_CODE32, ss, "code segment into SS"
    SEG_CASE 13, SEL_XO, ds, "execute-only code into DS"
    SEG_CASE 13, SEL_ZERO, es, "invalid descriptor type into ES"
    SEG_CASE 13, SEL_LDT, fs, "LDT selector with a null LDTR"
    SEG_CASE 13, 0, ss, "null selector into SS"
    SEG_CASE 13, SEL_DATA32|1, ss, "SS selector RPL != CPL"
    FAULT_CASE 13, 0x60*8+2, "INT through an invalid IDT gate type", {int 0x60}
    sidt [IDTR_SAVE]
    mov word [IDTR_SAVE], 0x50*8-1
    lidt [IDTR_SAVE]
    FAULT_CASE 13, 0x50*8+2, "INT beyond the IDT limit", {int 0x50}
    mov word [IDTR_SAVE], IDT_LIMIT
    lidt [IDTR_SAVE]

    ; ---- #NP (vector 11) and #SS (vector 12) ----
    SEG_CASE 11, SEL_NP, ds, "not-present data segment into DS"
    SEG_CASE 12, SEL_NP, ss, "not-present segment into SS"
    SET_GATE 0x61, exc_stub_0, 0x0E00       ; interrupt gate with P=0
    FAULT_CASE 11, 0x61*8+2, "INT through a not-present gate", {int 0x61}

    ; ---- #TS (vector 10) ----
    FAULT_CASE 10, SEL_BADTSS, "JMP to a TSS with limit < 0x67", {jmp SEL_BADTSS:0}

    ; ---- #NM (vector 7): FPU instruction with CR0.TS=1 (SDM 3A 2.5) ----
    mov eax, cr0
    or eax, 8
    mov cr0, eax
    FAULT_CASE 7, NO_ERR, "FPU instruction with CR0.TS=1", {fnop}
    clts

    ; ---- traps: INT3, INT 3, INTO ----
    CLEAR_EXC
    EXPECT_TRAP
    int3
.after_int3:
    CHECK_EXC 3, NO_ERR, .after_int3, "INT3 (0xCC) pushes next EIP"
    CLEAR_EXC
    EXPECT_TRAP
    int 3
.after_int_3:
    CHECK_EXC 3, NO_ERR, .after_int_3, "INT 3 (0xCD 03) pushes next EIP"
    mov al, 0x7F
    add al, 1                   ; OF=1
    CLEAR_EXC
    EXPECT_TRAP
    into
.after_into:
    CHECK_EXC 4, NO_ERR, .after_into, "INTO with OF=1 pushes next EIP"
    CHECK_MASK [V_EFL], 0x800, 0x800, "INTO frame has OF=1"
    xor eax, eax                ; OF=0
    CLEAR_EXC
    into
    CHECK_EQ [V_COUNT], 0, "INTO with OF=0 must not trap"

    ; ---- #DF (vector 8): #GP while delivering #GP to a not-present gate
    ; becomes #NP, contributory on contributory -> double fault with error
    ; code 0 (SDM 3A 6.15, Table 6-5). Saved CS:EIP are undefined for #DF.
    SET_GATE 13, exc_stub_13, 0x0E00        ; #GP gate not present
    CLEAR_EXC
    EXPECT_FAULT .df_done
    mov ax, 0x0800
    mov ds, ax
.df_done:
    SET_GATE 13, exc_stub_13, GATE_INT0
    mov ax, SEL_DATA32
    mov ds, ax
    CHECK_EQ [V_COUNT], 1, "double fault: exception count"
    CHECK_EQ [V_VEC], 8, "double fault: vector"
    CHECK_EQ [V_ERR], 0, "double fault: error code"
    jmp test_pass

RESET_VECTOR
