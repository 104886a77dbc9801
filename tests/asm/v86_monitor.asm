; v86_monitor - virtual-8086 mode with a #GP monitor (SDM Vol. 3A ch. 20).
;
; Phase 1, IOPL=0: V86 code is entered with IRET (EFLAGS.VM=1 in the image,
; SDM 3A 20.2.5) and runs CLI, STI, PUSHF, POPF, INT n and IRET, which are
; IOPL-sensitive in V86 mode and raise #GP(0) (SDM 3A 20.2.7, 20.3.1). The
; monitor (vector 13) emulates them with a virtual IF and reflects INT n
; through the real-mode IVT. I/O is checked against the TSS I/O permission
; bitmap only (SDM 3A 20.2.8.1, 18.5.2): ports 0x80 and 0xE9 are allowed,
; everything else denied, and a word access touching a denied port faults.
; Phase 2, IOPL=3: the same instructions run natively; INT n goes through
; the IDT to a ring-0 handler which must see VM=1 and the four data
; segment registers pushed, and null data segments (SDM 3A 20.3.1.1,
; Figure 20-5 / 6.12.1); I/O is still checked against the bitmap; HLT
; still faults (CPL is 3). HLT ends each phase.

%include "pm.inc"

SEL_TSSV    equ SEL_FREE            ; TSS with an I/O permission bitmap
TSSV        equ 0x10000
IOMAP_OFF   equ 0x68
EFL_VM      equ 0x20000
V86_SS      equ 0x5000
V86_SP      equ 0xFFF0

M_VIF       equ TVARS+0x00          ; monitor state and counters
M_CLI       equ TVARS+0x04
M_STI       equ TVARS+0x08
M_PUSHF     equ TVARS+0x0C
M_POPF      equ TVARS+0x10
M_INT       equ TVARS+0x14
M_IRET      equ TVARS+0x18
M_IO        equ TVARS+0x1C
M_IO_PORT   equ TVARS+0x20
M_HLT       equ TVARS+0x24
M_BADERR    equ TVARS+0x28
I40_ESP     equ TVARS+0x40          ; phase-2 INT 40h observations
I40_SEGS    equ TVARS+0x44          ; DS, ES, FS, GS inside the handler
I40_FRAME   equ TVARS+0x60          ; 9 dwords

R_FL_CLI    equ 0x0600              ; written by V86 code (DS=0)
R_FL_STI    equ 0x0602
R_FL_POPF   equ 0x0604
R_CF        equ 0x0606
R_INT50     equ 0x0608
R_SP_DELTA  equ 0x060A
R_DONE      equ 0x060C

TEXT32
test_main:
    PRINT `v86_monitor\n`
    ; TSS with SS0:ESP0 and a bitmap for ports 0-0x3FF plus the 0xFF
    ; terminator byte (SDM 3A 18.5.2).
    mov edi, TSSV
    xor eax, eax
.z: mov [edi], eax
    add edi, 4
    cmp edi, TSSV+IOMAP_OFF
    jb .z
    mov dword [TSSV+4], TSS_ESP0_TOP
    mov dword [TSSV+8], SEL_DATA32
    mov word [TSSV+0x66], IOMAP_OFF
    mov edi, TSSV+IOMAP_OFF
.ones:
    mov byte [edi], 0xFF        ; deny everything ...
    inc edi
    cmp edi, TSSV+IOMAP_OFF+0x81
    jb .ones
    and byte [TSSV+IOMAP_OFF+0x80/8], ~(1 << (0x80 & 7))   ; ... but 0x80
    and byte [TSSV+IOMAP_OFF+0xE9/8], ~(1 << (0xE9 & 7))   ; and 0xE9
    mov dword [GDT_BASE+SEL_TSSV], ((TSSV & 0xFFFF) << 16) | (IOMAP_OFF+0x80)
    mov dword [GDT_BASE+SEL_TSSV+4], (TSSV >> 16) | 0x00008900
    mov ax, SEL_TSSV
    ltr ax
    SET_GATE 13, v86_gp, GATE_INT0
    SET_GATE 0x40, int40_handler, GATE_INT3
    mov word [0x50*4], v86_int50        ; real-mode IVT entry used by INT 50h
    mov word [0x50*4+2], 0xF000

    ; ---------------- phase 1: IOPL=0 ----------------
    mov dword [M_VIF], 1
    mov eax, EFL_VM | 0x0002
    mov ebx, v86_phase1
    call enter_v86
    CHECK_EQ [M_BADERR], 0, "monitor saw a nonzero #GP error code"
    CHECK_EQ [M_CLI], 1, "CLI trapped"
    CHECK_EQ [M_STI], 1, "STI trapped"
    CHECK_EQ [M_PUSHF], 3, "PUSHF trapped"
    CHECK_EQ [M_POPF], 1, "POPF trapped"
    CHECK_EQ [M_INT], 1, "INT n trapped"
    CHECK_EQ [M_IRET], 1, "IRET trapped"
    CHECK_EQ [M_HLT], 1, "HLT trapped"
    CHECK_EQ [M_IO], 3, "denied I/O accesses trapped (allowed ones not)"
    CHECK_EQ [M_IO_PORT], 0x3F8, "last denied port"
    CHECK_MASK [R_FL_CLI], 0x200, 0, "virtual IF after emulated CLI"
    CHECK_MASK [R_FL_STI], 0x200, 0x200, "virtual IF after emulated STI"
    CHECK_MASK [R_FL_POPF], 0x201, 0x001, "flags after emulated POPF"
    CHECK_MASK [R_CF], 0xFFFF, 1, "CF set by emulated POPF"
    CHECK_MASK [R_INT50], 0xFFFF, 0x1234, "INT 50h reflected through the IVT"
    CHECK_MASK [R_SP_DELTA], 0xFFFF, 0, "SP balanced after emulated INT/IRET"
    CHECK_MASK [R_DONE], 0xFFFF, 0x600D, "V86 phase 1 ran to completion"

    ; ---------------- phase 2: IOPL=3 ----------------
    mov edi, M_CLI
.zero:
    mov dword [edi], 0
    add edi, 4
    cmp edi, M_BADERR+4
    jb .zero
    mov word [R_DONE], 0
    mov eax, EFL_VM | 0x3000 | 0x0002
    mov ebx, v86_phase2
    call enter_v86
    mov eax, [M_CLI]
    or eax, [M_STI]
    or eax, [M_PUSHF]
    or eax, [M_POPF]
    or eax, [M_INT]
    or eax, [M_IRET]
    CHECK_EQ eax, 0, "IOPL=3: sensitive instructions must not trap"
    CHECK_EQ [M_HLT], 1, "IOPL=3: HLT still traps"
    CHECK_EQ [M_IO], 1, "IOPL=3: bitmap still checked"
    CHECK_EQ [M_IO_PORT], 0x81, "IOPL=3: denied port"
    CHECK_MASK [R_FL_CLI], 0x3200, 0x3000, "IOPL=3: real IF cleared by CLI, IOPL visible"
    CHECK_MASK [R_FL_STI], 0x200, 0x200, "IOPL=3: real IF set by STI"
    CHECK_EQ [I40_ESP], TSS_ESP0_TOP-36, "INT from V86: 9-dword frame on TSS.ESP0"
    CHECK_EQ [I40_FRAME+0], v86_phase2.after_int, "INT from V86 frame: EIP"
    CHECK_MASK [I40_FRAME+4], 0xFFFF, 0xF000, "INT from V86 frame: CS"
    CHECK_MASK [I40_FRAME+8], EFL_VM|0x3000, EFL_VM|0x3000, "INT from V86 frame: EFLAGS.VM and IOPL"
    CHECK_MASK [I40_FRAME+12], 0xFFFF, V86_SP, "INT from V86 frame: SP"
    CHECK_MASK [I40_FRAME+16], 0xFFFF, V86_SS, "INT from V86 frame: SS"
    CHECK_MASK [I40_FRAME+20], 0xFFFF, 0x0070, "INT from V86 frame: ES"
    CHECK_MASK [I40_FRAME+24], 0xFFFF, 0x0000, "INT from V86 frame: DS"
    CHECK_MASK [I40_FRAME+28], 0xFFFF, 0x0071, "INT from V86 frame: FS"
    CHECK_MASK [I40_FRAME+32], 0xFFFF, 0x0072, "INT from V86 frame: GS"
    CHECK_EQ [I40_SEGS+4], 0, "INT from V86: ES nulled in handler"
    CHECK_EQ [I40_SEGS+8], 0, "INT from V86: FS nulled in handler"
    CHECK_EQ [I40_SEGS+12], 0, "INT from V86: GS nulled in handler"
    CHECK_EQ [I40_SEGS+0], 0, "INT from V86: DS nulled in handler"
    CHECK_MASK [R_DONE], 0xFFFF, 0x600D, "V86 phase 2 ran to completion"
    jmp test_pass

; eax = EFLAGS image (VM=1), ebx = IP in segment F000. Returns on V86 HLT.
enter_v86:
    pushad
    mov [V_RESUME_ESP], esp
    mov dword [V_RESUME], .back
    push dword 0x0072           ; GS
    push dword 0x0071           ; FS
    push dword 0x0000           ; DS
    push dword 0x0070           ; ES
    push dword V86_SS
    push dword V86_SP
    push eax                    ; EFLAGS
    push dword 0xF000           ; CS
    push ebx                    ; EIP
    iretd
.back:
    mov ax, SEL_DATA32
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    popad
    ret

; ---- the monitor: #GP handler. Frame (ebp): +4 err, +8 EIP, +12 CS,
; +16 EFLAGS, +20 ESP, +24 SS, +28 ES, +32 DS, +36 FS, +40 GS; EDX at ebp-12.
v86_gp:
    push ebp
    mov ebp, esp
    pushad
    mov ax, SEL_DATA32
    mov ds, ax
    mov es, ax
    test dword [ebp+16], EFL_VM
    jnz .from_v86
    PRINT "FAIL: #GP outside V86 mode, err=0x"
    PRINTHEX [ebp+4]
    PRINT " eip=0x"
    PRINTHEX [ebp+8]
    PRINT `\n`
    jmp test_fail_exit
.from_v86:
    cmp dword [ebp+4], 0
    je .err_ok
    inc dword [M_BADERR]
.err_ok:
    movzx esi, word [ebp+12]
    shl esi, 4
    movzx eax, word [ebp+8]
    add esi, eax                ; linear address of CS:IP
    mov al, [esi]
    cmp al, 0xFA
    je .cli
    cmp al, 0xFB
    je .sti
    cmp al, 0x9C
    je .pushf
    cmp al, 0x9D
    je .popf
    cmp al, 0xCD
    je .int
    cmp al, 0xCF
    je .iret
    cmp al, 0xF4
    je .hlt
    mov ah, al
    and ah, 0xFC
    cmp ah, 0xE4                ; IN/OUT with imm8 port
    je .io_imm
    cmp ah, 0xEC                ; IN/OUT with DX port
    je .io_dx
    PRINT "FAIL: monitor cannot emulate opcode 0x"
    PRINTHEX eax
    PRINT `\n`
    jmp test_fail_exit
.cli:
    inc dword [M_CLI]
    mov dword [M_VIF], 0
    jmp .skip1
.sti:
    inc dword [M_STI]
    mov dword [M_VIF], 1
    jmp .skip1
.pushf:
    inc dword [M_PUSHF]
    call v_flags_image
    call v_push
    jmp .skip1
.popf:
    inc dword [M_POPF]
    call v_pop
    call v_set_flags
    jmp .skip1
.int:
    inc dword [M_INT]
    movzx ebx, byte [esi+1]
    call v_flags_image
    call v_push
    mov ax, [ebp+12]
    call v_push
    mov ax, [ebp+8]
    add ax, 2
    call v_push
    mov dword [M_VIF], 0
    and dword [ebp+16], ~0x100  ; TF
    mov ax, [ebx*4]
    mov [ebp+8], ax
    mov ax, [ebx*4+2]
    mov [ebp+12], ax
    jmp .done
.iret:
    inc dword [M_IRET]
    call v_pop
    mov [ebp+8], ax
    call v_pop
    mov [ebp+12], ax
    call v_pop
    call v_set_flags
    jmp .done
.hlt:
    inc dword [M_HLT]
    mov esp, [V_RESUME_ESP]
    jmp [V_RESUME]
.io_imm:
    inc dword [M_IO]
    movzx eax, byte [esi+1]
    mov [M_IO_PORT], eax
    add word [ebp+8], 2
    jmp .done
.io_dx:
    inc dword [M_IO]
    movzx eax, word [ebp-12]
    mov [M_IO_PORT], eax
.skip1:
    inc word [ebp+8]
.done:
    popad
    pop ebp
    add esp, 4                  ; error code
    iretd

; ax = FLAGS image the V86 code sees (IF replaced by the virtual IF)
v_flags_image:
    mov ax, [ebp+16]
    and ax, ~0x200
    cmp dword [M_VIF], 0
    je .r
    or ax, 0x200
.r: ret
; apply a FLAGS image from the V86 stack: arithmetic flags, TF, DF
v_set_flags:
    push ebx
    movzx ebx, ax
    shr ebx, 9
    and ebx, 1
    mov [M_VIF], ebx
    movzx ebx, ax
    and ebx, 0x0DD5
    and dword [ebp+16], ~0x0DD5
    or [ebp+16], ebx
    pop ebx
    ret
; push/pop ax on the V86 stack SS:SP
v_push:
    push ebx
    push ecx
    sub word [ebp+20], 2
    movzx ebx, word [ebp+24]
    shl ebx, 4
    movzx ecx, word [ebp+20]
    mov [ebx+ecx], ax
    pop ecx
    pop ebx
    ret
v_pop:
    push ebx
    push ecx
    movzx ebx, word [ebp+24]
    shl ebx, 4
    movzx ecx, word [ebp+20]
    mov ax, [ebx+ecx]
    add word [ebp+20], 2
    pop ecx
    pop ebx
    ret

; INT 40h from V86 (phase 2). DS-ES-FS-GS are null here, so use SS.
int40_handler:
    mov [ss:I40_ESP], esp
    xor eax, eax
    mov ax, ds
    mov [ss:I40_SEGS+0], eax
    mov ax, es
    mov [ss:I40_SEGS+4], eax
    mov ax, fs
    mov [ss:I40_SEGS+8], eax
    mov ax, gs
    mov [ss:I40_SEGS+12], eax
    mov ecx, 9
    xor esi, esi
.copy:
    mov eax, [esp+esi*4]
    mov [ss:I40_FRAME+esi*4], eax
    inc esi
    loop .copy
    iretd                       ; VM=1 in the image: back to V86, pops ES/DS/FS/GS

; ---------------- V86 code (16-bit, CS=F000, DS=0) ----------------
TEXT16
v86_phase1:
    mov si, v86_msg             ; allowed port 0xE9: straight to the console
.msg:
    mov al, [cs:si]
    inc si
    test al, al
    jz .msg_done
    out 0xE9, al
    jmp .msg
.msg_done:
    mov al, 0x86
    out 0x80, al                ; allowed
    cli
    pushf
    pop ax
    mov [R_FL_CLI], ax
    sti
    pushf
    pop ax
    mov [R_FL_STI], ax
    mov ax, 0x0001              ; CF=1, IF=0
    push ax
    popf
    mov word [R_CF], 0
    jnc .no_cf
    mov word [R_CF], 1
.no_cf:
    pushf
    pop ax
    mov [R_FL_POPF], ax
    mov bx, sp
    int 0x50
    sub bx, sp
    mov [R_SP_DELTA], bx
    out 0x81, al                ; denied
    in ax, 0x80                 ; word access: 0x80 allowed, 0x81 denied
    mov dx, 0x3F8
    in al, dx                   ; denied
    mov word [R_DONE], 0x600D
    hlt

v86_int50:
    mov word [R_INT50], 0x1234
    iret

v86_msg: db `hello from V86 mode\n`, 0

v86_phase2:
    cli
    pushf
    pop ax
    mov [R_FL_CLI], ax
    sti
    pushf
    pop ax
    mov [R_FL_STI], ax
    push ax
    popf                        ; no trap at IOPL 3
    int 0x40
.after_int:
    out 0x81, al                ; still denied by the bitmap
    mov word [R_DONE], 0x600D
    hlt

RESET_VECTOR
