; long_mode - IA-32e mode from protected mode and back (SDM Vol. 3A, 10.8.5).
;
; From pm.inc's 32-bit CPL0 start: 4-level identity paging, EFER.LME, CR4.PAE,
; CR0.PG (compatibility mode, EFER.LMA set), a far jump to 64-bit code. In 64-bit
; mode (results are kept in memory and checked after the return, since the
; io32.inc helpers are 32-bit code):
;   - 64-bit registers;
;   - INT through a 64-bit interrupt gate on a misaligned stack: the frame is
;     SS:RSP:RFLAGS:CS:RIP and starts at RSP aligned down to 16 (6.14.2);
;   - #UD through a gate with IST1: the IST stack is used at the same CPL;
;   - a non-canonical data reference: #GP(0). Not checked: #SS(0) for a
;     non-canonical stack reference (SDM Vol. 3A, 6.14.3 and 3.3.7.1), since
;     QEMU 7.2 TCG raises #GP(0) for those too;
;   - IRETQ to 64-bit code at CPL3 and INT back through a DPL3 gate: RSP0 from
;     the 64-bit TSS, SS null with the new CPL, the CPL3 SS:RSP in the frame;
;   - a far call through m16:32 to compatibility-mode code that returns with
;     RETF, and a far return (REX.W RETF) to compatibility mode;
;   - SYSCALL/SYSRET round trip with SWAPGS in the handler.
; Then paging is turned off in compatibility mode, which clears EFER.LMA.

%include "long64.inc"

; SYSCALL/SYSRET layout (STAR, SDM Vol. 3A, 5.8.8): kernel CS = 60, SS = 68;
; SYSRET to 64-bit code loads CS = 70+16 = 80|3 and SS = 70+8 = 78|3.
SEL_SYS_CS      equ SEL_FREE+0x20       ; 60 code, L=1, DPL0
SEL_SYS_SS      equ SEL_FREE+0x28       ; 68 data, DPL0
SEL_SYSRET_BASE equ SEL_FREE+0x30       ; 70 (32-bit user code, unused here)
SEL_SYSRET_SS   equ SEL_FREE+0x38       ; 78 data, DPL3
SEL_SYSRET_CS   equ SEL_FREE+0x40       ; 80 code, L=1, DPL3

PML4            equ PAGE_AREA
PDPT            equ PAGE_AREA+0x1000
PD              equ PAGE_AREA+0x2000
IST1_TOP        equ 0x60008             ; aligned down to 0x60000 on use
RSP0_TOP        equ 0x58000
KGS_BASE        equ DATA_AREA+0x20000   ; what SWAPGS brings into GS.base

; Results written by the 64-bit code.
R_REGS          equ TVARS+0x00
R_INT_RSP       equ TVARS+0x08
R_INT_FRAME     equ TVARS+0x10          ; 5 quadwords
R_IST_RSP       equ TVARS+0x38
R_VEC           equ TVARS+0x40
R_ERR           equ TVARS+0x48
R_SKIP          equ TVARS+0x50
R_U_FRAME       equ TVARS+0x58          ; 5 quadwords: RIP CS RFLAGS RSP SS
R_U_SS          equ TVARS+0x80
R_U_RAX         equ TVARS+0x88
R_COMPAT        equ TVARS+0x90
R_SYS_RCX       equ TVARS+0x98
R_SYS_R11       equ TVARS+0xA0
R_SYS_GS        equ TVARS+0xA8
R_SYS_CS        equ TVARS+0xB0
R_AFTER_SYSRET  equ TVARS+0xB8
R_GP_VEC        equ TVARS+0xC0
R_GP_ERR        equ TVARS+0xC8
R_KRSP          equ TVARS+0xD0
R_RETF_BACK     equ TVARS+0xD8
R_KRSP64        equ TVARS+0xE0
R_SYS_FLAGS     equ TVARS+0xE8

TEXT32
test_main:
    PRINT `long_mode: start\n`
    ; Identity-map the first GiB with 2 MiB pages, user-accessible.
    mov edi, PAGE_AREA
.clear:
    mov dword [edi], 0
    add edi, 4
    cmp edi, PAGE_AREA+0x3000
    jb .clear
    mov dword [PML4], PDPT | 7
    mov dword [PDPT], PD | 7
    xor ecx, ecx
.pd:
    mov eax, ecx
    shl eax, 21
    or eax, 0x87                        ; P RW US PS
    mov [PD+ecx*8], eax
    inc ecx
    cmp ecx, 512
    jb .pd
    ; GDT additions; IDT64: every vector to `unexpected64`, then the tested ones.
    mov ebx, unexpected64
    call long64_tables
    mov dword [GDT_BASE+SEL_SYS_CS], 0x0000FFFF
    mov dword [GDT_BASE+SEL_SYS_CS+4], 0x00AF9B00
    mov dword [GDT_BASE+SEL_SYS_SS], 0x0000FFFF
    mov dword [GDT_BASE+SEL_SYS_SS+4], 0x00CF9300
    mov dword [GDT_BASE+SEL_SYSRET_BASE], 0x0000FFFF
    mov dword [GDT_BASE+SEL_SYSRET_BASE+4], 0x00CFFB00
    mov dword [GDT_BASE+SEL_SYSRET_SS], 0x0000FFFF
    mov dword [GDT_BASE+SEL_SYSRET_SS+4], 0x00CFF300
    mov dword [GDT_BASE+SEL_SYSRET_CS], 0x0000FFFF
    mov dword [GDT_BASE+SEL_SYSRET_CS+4], 0x00AFFB00
    ; 64-bit TSS: RSP0 and IST1.
    mov dword [TSS64+4], RSP0_TOP
    mov dword [TSS64+36], IST1_TOP
    mov eax, 0x40
    mov ecx, GATE64_INT0
    mov ebx, int40_handler
    call set_gate64
    mov eax, 6
    mov ebx, ud_handler
    mov ecx, 0x8E01                     ; IST1
    call set_gate64
    mov eax, 13
    mov ebx, gp_handler
    mov ecx, 0x8E00
    call set_gate64
    mov eax, 0x41
    mov ebx, int41_handler
    mov ecx, 0xEE00                     ; DPL3
    call set_gate64

    ; Enter IA-32e mode (SDM Vol. 3A, 10.8.5).
    mov ecx, 0xC0000080
    rdmsr
    or eax, 0x101                       ; LME, SCE
    wrmsr
    mov eax, cr4
    or eax, 0x20                        ; PAE
    mov cr4, eax
    mov eax, PML4
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    ; Compatibility mode: the same 32-bit code, now with EFER.LMA.
    mov ecx, 0xC0000080
    rdmsr
    CHECK_MASK eax, 0x501, 0x501, "EFER after CR0.PG (LME LMA SCE)"
    lidt [idtr64]
    mov ax, SEL_TSS64
    ltr ax
    ; SYSCALL MSRs.
    mov ecx, 0xC0000081                 ; STAR
    xor eax, eax
    mov edx, (SEL_SYSRET_BASE << 16) | SEL_SYS_CS
    wrmsr
    mov ecx, 0xC0000082                 ; LSTAR
    mov eax, syscall_handler
    xor edx, edx
    wrmsr
    mov ecx, 0xC0000084                 ; FMASK: clear IF and DF
    mov eax, 0x600
    wrmsr
    mov ecx, 0xC0000102                 ; KERNEL_GS_BASE
    mov eax, KGS_BASE
    wrmsr
    mov dword [KGS_BASE], KGS_BASE      ; [gs:0] names the base it was read through
    mov [R_KRSP], esp
    jmp SEL_CODE64:long64

; Compatibility-mode code reached by a far call from 64-bit code.
; The IRETQ to CPL 3 before it left DS null (SDM Vol. 2B, IRET: data segments the outer
; level may not use become null), which 64-bit code ignores but compatibility mode does not.
compat_callee:
    push eax
    mov ax, SEL_DATA32
    mov ds, ax
    pop eax
    mov dword [R_COMPAT], 0xC0C0C0C0
    retf

; Back from 64-bit mode for good.
compat_return:
    mov ax, SEL_DATA32
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov esp, [R_KRSP]
    CHECK_EQ [R_RETF_BACK], 1, "REX.W RETF to compatibility mode"
    ; Leave IA-32e mode: paging off in compatibility mode clears LMA.
    mov eax, cr0
    and eax, 0x7FFFFFFF
    mov cr0, eax
    mov ecx, 0xC0000080
    rdmsr
    CHECK_MASK eax, 0x500, 0x100, "EFER after CR0.PG cleared (LME without LMA)"
    and eax, ~0x100
    wrmsr
    CHECK_EQ [R_REGS], 0x12345678, "64-bit register upper half"
    CHECK_EQ [R_INT_RSP], 0x8FFF0-40, "INT: RSP aligned and five quadwords pushed"
    CHECK_EQ [R_INT_FRAME], int40_return, "INT frame: RIP"
    CHECK_EQ [R_INT_FRAME+8], SEL_CODE64, "INT frame: CS"
    CHECK_EQ [R_INT_FRAME+24], 0x8FFFC, "INT frame: RSP"
    CHECK_EQ [R_INT_FRAME+28], 0, "INT frame: RSP upper half"
    CHECK_EQ [R_INT_FRAME+32], SEL_DATA32, "INT frame: SS"
    CHECK_EQ [R_IST_RSP], 0x60000-40, "#UD through IST1"
    CHECK_EQ [R_GP_VEC], 13, "non-canonical data reference: vector"
    CHECK_EQ [R_GP_ERR], 0, "non-canonical data reference: error code"
    CHECK_EQ [R_U_FRAME], user_int41_return, "CPL3 INT frame: RIP"
    CHECK_EQ [R_U_FRAME+8], SEL_UCODE64, "CPL3 INT frame: CS"
    CHECK_EQ [R_U_FRAME+24], USER_STACK_TOP-8, "CPL3 INT frame: RSP"
    CHECK_EQ [R_U_FRAME+32], SEL_UDATA, "CPL3 INT frame: SS"
    CHECK_EQ [R_U_SS], 0, "SS after a privilege change (null, RPL 0)"
    CHECK_EQ [R_U_RAX], 0x3333, "CPL3 code ran"
    CHECK_EQ [R_COMPAT], 0xC0C0C0C0, "far call to compatibility mode"
    CHECK_EQ [R_SYS_RCX], after_syscall, "SYSCALL: RCX"
    CHECK_MASK [R_SYS_R11], 0x400, 0x400, "SYSCALL: R11 holds RFLAGS (DF)"
    CHECK_MASK [R_SYS_FLAGS], 0x400, 0, "SYSCALL: FMASK cleared DF"
    CHECK_EQ [R_SYS_GS], KGS_BASE, "SWAPGS in the SYSCALL handler"
    CHECK_EQ [R_SYS_CS], SEL_SYS_CS, "SYSCALL: CS from STAR"
    CHECK_EQ [R_AFTER_SYSRET], SEL_SYSRET_CS|3, "SYSRET: CS"
    jmp test_pass

;------------------------------------------------------------------ 64-bit code
bits 64
long64:
    mov ax, SEL_DATA32
    mov ss, ax
    mov rax, 0x123456789ABCDEF0
    shr rax, 32
    mov [R_REGS], eax

    ; INT 40h on a stack that is not 16-byte aligned.
    mov rsp, 0x8FFFC
    int 0x40
int40_return:
    ; #UD through IST1.
    ud2
    ; Non-canonical references.
    mov qword [R_SKIP], 3
    mov rax, 0x0000800000000000
    mov rbx, [rax]                      ; 48 8B 18
    mov rax, [R_VEC]
    mov [R_GP_VEC], rax
    mov rax, [R_ERR]
    mov [R_GP_ERR], rax
    ; IRETQ to CPL3 64-bit code.
    mov [R_KRSP64], rsp                 ; kernel RSP to come back to
    push SEL_UDATA
    push USER_STACK_TOP
    push 0x002
    push SEL_UCODE64
    push user64
    iretq
user_back:
    ; Far call through m16:32 to compatibility-mode code.
    call far dword [rel compat_ptr]
    ; SYSCALL round trip.
    mov [R_KRSP64], rsp
    push SEL_UDATA
    push USER_STACK_TOP
    push 0x002
    push SEL_UCODE64
    push user_syscall
    iretq
sysret_back:
    ; Far return to compatibility mode with a 64-bit operand size.
    mov dword [R_RETF_BACK], 1
    push SEL_CODE32
    push compat_return
    o64 retf

compat_ptr:
    dd compat_callee
    dw SEL_CODE32

user64:
    mov eax, 0x3333
    mov [R_U_RAX], rax
    push 0                              ; RSP = USER_STACK_TOP - 8 at the INT
    int 0x41
user_int41_return:
    jmp $

user_syscall:
    std                                 ; FMASK clears DF for the handler; R11 keeps it
    syscall
after_syscall:
    mov ax, cs
    mov [R_AFTER_SYSRET], ax
    int 0x41                            ; back to CPL0 (frame not checked this time)

; Copies the five-quadword interrupt frame above the caller's return address to
; [rdi]; clobbers rax.
copy_frame:
    push rcx
    xor ecx, ecx
.next:
    mov rax, [rsp+16+rcx*8]
    mov [rdi+rcx*8], rax
    inc ecx
    cmp ecx, 5
    jb .next
    pop rcx
    ret

int40_handler:
    mov [R_INT_RSP], rsp
    mov edi, R_INT_FRAME
    call copy_frame
    iretq

ud_handler:
    mov [R_IST_RSP], rsp
    add qword [rsp], 2                  ; past UD2
    iretq

; #GP: record the vector and error code, skip R_SKIP bytes.
gp_handler:
    mov qword [R_VEC], 13
    pop qword [R_ERR]
    push rax
    mov rax, [R_SKIP]
    add [rsp+8], rax
    pop rax
    iretq

; INT 41h from CPL3: record the frame once, then drop it and continue at CPL0.
int41_handler:
    cmp qword [R_U_FRAME], 0
    jne .second
    mov edi, R_U_FRAME
    call copy_frame
    mov ax, ss
    mov [R_U_SS], ax
    mov ax, SEL_DATA32
    mov ss, ax
    mov rsp, [R_KRSP64]
    jmp user_back
.second:
    mov ax, SEL_DATA32
    mov ss, ax
    mov rsp, [R_KRSP64]
    cld
    jmp sysret_back

syscall_handler:
    swapgs
    mov [R_SYS_RCX], rcx
    mov [R_SYS_R11], r11
    pushfq
    pop qword [R_SYS_FLAGS]
    mov rax, [gs:0]
    mov [R_SYS_GS], rax
    mov ax, cs
    mov [R_SYS_CS], ax
    swapgs
    o64 sysret

; Any other exception in 64-bit mode fails the test.
unexpected64:
    lea rsi, [rel unexpected_msg]
.print:
    mov al, [rsi]
    inc rsi
    test al, al
    jz .exit
    out PORT_CONSOLE, al
    jmp .print
.exit:
    mov al, EXIT_FAIL
    out PORT_EXIT, al
    hlt
unexpected_msg:
    db `FAIL: unexpected exception in 64-bit mode\n`, 0

RESET_VECTOR
