; ring_transitions - privilege-level changes (SDM Vol. 3A 5.8, 6.12).
;
;  * ring 0 -> 3 with IRET and with RETF (SDM 3A 5.8.6 / 6.12.1)
;  * ring 3 -> 0 through a 32-bit call gate that copies 2 parameters, with
;    the stack switch to TSS.SS0:ESP0 (SDM 3A 5.8.5, Figure 5-13), back with
;    RETF 8
;  * ring 3 -> 0 with INT n through DPL3 interrupt and trap gates (IF
;    cleared only by the interrupt gate, SDM 3A 6.12.1.2), back with IRET;
;    data segment registers holding DPL0 selectors are nulled on the return
;    to ring 3 (SDM Vol. 2A IRET / RET operation)
;  * privilege violations: INT to a DPL0 gate, CALL to a DPL0 call gate,
;    direct CALL to ring-0 code, loading a DPL0 data segment, CLI at IOPL 0.
; Ring-3 code stores what it sees in memory; ring 0 checks it afterwards.

%include "pm.inc"

SEL_CGATE   equ SEL_FREE+0x00       ; call gate, DPL3, 2 params -> cg_handler
SEL_CGATE0  equ SEL_FREE+0x08       ; call gate, DPL0

R_CS1       equ TVARS+0x00          ; ring-3 observations
R_SS1       equ TVARS+0x04
R_ESP_PRE   equ TVARS+0x08
R_ESP_POST  equ TVARS+0x0C
R_CS_POST   equ TVARS+0x10
R_DS_I40    equ TVARS+0x14
R_ES_I40    equ TVARS+0x18
R_ESP_I40   equ TVARS+0x1C
R_CS2       equ TVARS+0x20
R_ESP2      equ TVARS+0x24
R_CG_ESP    equ TVARS+0x40          ; ring-0 observations
R_CG_SS     equ TVARS+0x44
R_CG_CS     equ TVARS+0x48
R_CG_FRAME  equ TVARS+0x50          ; 6 dwords
R_I40_ESP   equ TVARS+0x80
R_I40_EFL   equ TVARS+0x84
R_I40_FRAME equ TVARS+0x90          ; 5 dwords
R_I41_EFL   equ TVARS+0xB0

; USER_GP entry, error code, faulting EIP, "what"
%macro USER_GP 4
    CLEAR_EXC
    mov eax, %1
    call call_user
    CHECK_EXC 13, %2, %3, %4
%endmacro

TEXT32
test_main:
    PRINT `ring_transitions\n`
    ; Call gates: offset, selector, P, DPL, type 0xC (32-bit call gate),
    ; parameter count in bits 4:0 of the high dword (SDM 3A 5.8.3, Fig. 5-8).
    mov eax, cg_handler
    mov word [GDT_BASE+SEL_CGATE], ax
    mov word [GDT_BASE+SEL_CGATE+2], SEL_CODE32
    mov word [GDT_BASE+SEL_CGATE+4], 0xEC02         ; P=1 DPL=3 type C, 2 dwords
    shr eax, 16
    mov word [GDT_BASE+SEL_CGATE+6], ax
    mov eax, [GDT_BASE+SEL_CGATE]
    mov [GDT_BASE+SEL_CGATE0], eax
    mov eax, [GDT_BASE+SEL_CGATE+4]
    and eax, ~0x6000                                ; DPL0
    mov [GDT_BASE+SEL_CGATE0+4], eax
    SET_GATE 0x40, int40_handler, GATE_INT3
    SET_GATE 0x41, int41_handler, GATE_TRAP3
    SET_GATE 0x42, int41_handler, GATE_INT0

    ; ---- IRET to ring 3, call gate, INT n, back (user_main) ----
    mov dword [V_USER_EFL], 0x202                   ; IF=1 in ring 3, IOPL=0
    CLEAR_EXC
    mov eax, user_main
    call call_user
    CHECK_EQ [V_COUNT], 0, "ring-3 main sequence raised an exception"
    CHECK_EQ [R_CS1], SEL_UCODE, "CS after IRET to ring 3"
    CHECK_EQ [R_SS1], SEL_UDATA, "SS after IRET to ring 3"
    ; call gate
    CHECK_EQ [R_CG_CS], SEL_CODE32, "call gate: CS in handler"
    CHECK_EQ [R_CG_SS], SEL_DATA32, "call gate: SS from TSS.SS0"
    CHECK_EQ [R_CG_ESP], TSS_ESP0_TOP-24, "call gate: ESP = TSS.ESP0 - 24"
    CHECK_EQ [R_CG_FRAME+0], user_main.after_call, "call gate frame: return EIP"
    CHECK_MASK [R_CG_FRAME+4], 0xFFFF, SEL_UCODE, "call gate frame: caller CS"
    CHECK_EQ [R_CG_FRAME+8], 0x22222222, "call gate frame: param at caller [ESP]"
    CHECK_EQ [R_CG_FRAME+12], 0x11111111, "call gate frame: param at caller [ESP+4]"
    mov eax, [R_ESP_PRE]
    CHECK_EQ [R_CG_FRAME+16], eax, "call gate frame: caller ESP"
    CHECK_MASK [R_CG_FRAME+20], 0xFFFF, SEL_UDATA, "call gate frame: caller SS"
    add eax, 8
    CHECK_EQ [R_ESP_POST], eax, "RETF 8 back to ring 3: ESP released the parameters"
    CHECK_EQ [R_CS_POST], SEL_UCODE, "RETF 8 back to ring 3: CS"
    ; INT 40h through a DPL3 interrupt gate
    CHECK_EQ [R_I40_ESP], TSS_ESP0_TOP-20, "INT 40h: ESP = TSS.ESP0 - 20"
    CHECK_MASK [R_I40_EFL], 0x200, 0, "INT 40h: interrupt gate clears IF"
    CHECK_EQ [R_I40_FRAME+0], user_main.after_int40, "INT 40h frame: EIP after INT"
    CHECK_MASK [R_I40_FRAME+4], 0xFFFF, SEL_UCODE, "INT 40h frame: CS"
    CHECK_MASK [R_I40_FRAME+8], 0x3200, 0x0200, "INT 40h frame: EFLAGS (IF=1, IOPL=0)"
    CHECK_EQ [R_I40_FRAME+12], [R_ESP_I40], "INT 40h frame: ring-3 ESP"
    CHECK_MASK [R_I40_FRAME+16], 0xFFFF, SEL_UDATA, "INT 40h frame: SS"
    CHECK_EQ [R_DS_I40], 0, "IRET to ring 3 nulls DS holding a DPL0 selector"
    CHECK_EQ [R_ES_I40], 0, "IRET to ring 3 nulls ES holding a DPL0 selector"
    CHECK_MASK [R_I41_EFL], 0x200, 0x200, "INT 41h: trap gate keeps IF"

    ; ---- RETF to ring 3 ----
    pushad
    mov [V_RESUME_ESP], esp
    mov dword [V_RESUME], .retf_back
    mov dword [V_MODE], MODE_LONGJMP
    mov ax, SEL_UDATA
    mov ds, ax
    mov es, ax
    push dword SEL_UDATA
    push dword USER_STACK_TOP-0x40
    push dword SEL_UCODE
    push dword user_retf
    retf                        ; SDM Vol. 2B RET: return to outer privilege level
.retf_back:
    mov ax, SEL_DATA32
    mov ds, ax
    mov es, ax
    popad
    CHECK_EQ [R_CS2], SEL_UCODE, "RETF to ring 3: CS"
    CHECK_EQ [R_ESP2], USER_STACK_TOP-0x40, "RETF to ring 3: ESP"

    ; ---- violations (SDM 3A 5.8.4, 6.12.1.1) ----
    USER_GP user_int42, 0x42*8+2, user_int42, "INT to DPL0 gate from ring 3"
    USER_GP user_gate0, SEL_CGATE0, user_gate0, "CALL to DPL0 call gate from ring 3"
    USER_GP user_direct, SEL_CODE32, user_direct, "direct CALL to ring-0 code"
    USER_GP user_loadds, SEL_DATA32, user_loadds.mov, "loading a DPL0 data segment in ring 3"
    mov dword [V_USER_EFL], 0x002
    USER_GP user_cli, 0, user_cli, "CLI in ring 3 with IOPL 0"
    jmp test_pass

; ---------------- ring-0 gate handlers ----------------
cg_handler:
    mov [R_CG_ESP], esp
    xor eax, eax
    mov ax, ss
    mov [R_CG_SS], eax
    mov ax, cs
    mov [R_CG_CS], eax
    mov ecx, 6
    xor esi, esi
.copy:
    mov eax, [esp+esi*4]
    mov [R_CG_FRAME+esi*4], eax
    inc esi
    loop .copy
    retf 8

int40_handler:
    mov [R_I40_ESP], esp
    pushfd
    pop dword [R_I40_EFL]
    mov ecx, 5
    xor esi, esi
.copy:
    mov eax, [esp+esi*4]
    mov [R_I40_FRAME+esi*4], eax
    inc esi
    loop .copy
    mov ax, SEL_DATA32          ; DPL0 selectors: IRET to ring 3 must null them
    mov ds, ax
    mov es, ax
    iretd

int41_handler:
    pushfd
    pop dword [R_I41_EFL]
    iretd

; ---------------- ring-3 code ----------------
user_main:
    xor eax, eax
    mov ax, cs
    mov [R_CS1], eax
    mov ax, ss
    mov [R_SS1], eax
    push dword 0x11111111
    push dword 0x22222222
    mov [R_ESP_PRE], esp
    call SEL_CGATE:0            ; the offset is ignored for a call gate
.after_call:
    mov [R_ESP_POST], esp
    xor eax, eax
    mov ax, cs
    mov [R_CS_POST], eax
    mov [R_ESP_I40], esp
    int 0x40
.after_int40:
    xor eax, eax
    mov ax, ds
    xor ebx, ebx
    mov bx, es
    mov cx, SEL_UDATA
    mov ds, cx
    mov es, cx
    mov [R_DS_I40], eax
    mov [R_ES_I40], ebx
    int 0x41
    int 0x31

user_retf:
    xor eax, eax
    mov ax, cs
    mov [R_CS2], eax
    mov [R_ESP2], esp
    int 0x31

user_int42:
    int 0x42
user_gate0:
    call SEL_CGATE0:0
user_direct:
    call SEL_CODE32:cg_handler
user_loadds:
    mov ax, SEL_DATA32
.mov:
    mov ds, ax
user_cli:
    cli

RESET_VECTOR
