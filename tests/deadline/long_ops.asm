; long_ops.asm - guests that never retire an instruction for a long time, for the deadline
; tests: each must end with --timeout's status 124 within a fraction of a second of it.
;
; nasm -f bin -DSCENARIO=n [-DBOOT] long_ops.asm
;   without BOOT: a 64 KiB ROM for the bare machine (entry at the reset vector, CS=F000)
;   with BOOT:    a 512-byte boot sector for the PC (loaded at 0000:7C00)
; Scenarios (all in flat 32-bit protected mode with IF=0):
;   1 rep lodsb with ECX=FFFFFFFF
;   2 rep insb from an unassigned port with ECX=FFFFFFFF, downwards from the top of the
;     address space (the writes land in unmapped space, never on this code)
;   3 rep movsd over almost 4 GiB of linear space (4 MiB to FFC00000), every page there mapped
;     to one physical page (the bulk path, page by page)
;   4 a #PF storm: every exception handler reads an unmapped page
;   5 a #GP storm: every exception handler reads through a null DS
;   6 HLT with interrupts enabled but every PIC input masked (the PC only: the bare machine
;     ends at once, as nothing there can raise an interrupt)
; The exception storms push on a 16-bit stack segment, whose SP wraps within 64 KiB, so the
; storm never runs out of stack.

%ifndef SCENARIO
%error "define SCENARIO"
%endif

%ifdef BOOT
    org 0x7C00
LIN_BASE equ 0                  ; linear address = label
%else
    org 0
LIN_BASE equ 0xF0000            ; linear address = 0xF0000 + label (CS=F000)
%endif

PAGE_DIR    equ 0x20000         ; all paging structures and stacks below 1 MiB, so the A20
TABLE_LOW   equ 0x21000         ; gate cannot alias them
TABLE_HIGH  equ 0x22000
SCRATCH     equ 0x50000         ; the one physical page behind linear 4 MiB and up
IDT         equ 0x1000
STACK16     equ 0x60000         ; base of the 16-bit stack segment
STACK32     equ 0x90000

    bits 16
start:
    cli
%ifdef BOOT
    jmp 0:.here                 ; CS = 0 whatever segment the BIOS jumped with
.here:
%endif
    o32 lgdt [cs:gdt_ptr]
    mov eax, cr0
    or al, 1                    ; CR0.PE
    mov cr0, eax
    jmp dword 0x08:pm + LIN_BASE

gdt_ptr:
    dw gdt_end - gdt - 1
    dd gdt + LIN_BASE
gdt:
    dq 0
    dq 0x00CF9B000000FFFF       ; 08 flat code, 32-bit
    dq 0x00CF93000000FFFF       ; 10 flat data, 32-bit
    dq 0x000093060000FFFF       ; 18 data, base 60000h, limit FFFFh, 16-bit (B=0): the stack
gdt_end:

    bits 32
pm:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov esp, STACK32

%if SCENARIO == 1
    cld
    xor esi, esi
.again:
    or ecx, -1
    rep lodsb
    jmp .again

%elif SCENARIO == 2
    std
    mov dx, 0x0201              ; the game port: nothing answers there
.again:
    or edi, -1
    or ecx, -1
    rep insb
    jmp .again

%elif SCENARIO == 6
    mov al, 0xFF
    out 0x21, al                ; mask every input of both 8259s
    out 0xA1, al
    sti
.again:
    hlt
    jmp .again

%elif SCENARIO >= 3
    ; Page directory: entry 0 maps the first 4 MiB one to one, entries 1 to 1022 every page to
    ; SCRATCH, entry 1023 (FFC00000 and up) is not present.
    xor eax, eax
.tables:
    mov ebx, eax
    shl ebx, 12
    or ebx, 3
    mov [TABLE_LOW + eax * 4], ebx
    mov dword [TABLE_HIGH + eax * 4], SCRATCH + 3
    mov dword [PAGE_DIR + eax * 4], TABLE_HIGH + 3
    inc eax
    cmp eax, 1024
    jb .tables
    mov dword [PAGE_DIR], TABLE_LOW + 3
    mov dword [PAGE_DIR + 1023 * 4], 0
    mov eax, PAGE_DIR
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000          ; CR0.PG
    mov cr0, eax
    jmp .paged
.paged:

%if SCENARIO == 3
    cld
.again:
    mov esi, 0x400000
    mov edi, 0x401000
    mov ecx, (0xFFC00000 - 0x401000) / 4    ; up to the unmapped last 4 MiB
    rep movsd
    jmp .again

%else
    ; IDT: vectors 0 to 31 are interrupt gates to `storm`.
    mov edx, storm + LIN_BASE
    xor eax, eax
.gates:
    mov [IDT + eax * 8], dx
    mov word [IDT + eax * 8 + 2], 0x08
    mov dword [IDT + eax * 8 + 4], 0x8E00
    mov ebx, edx
    shr ebx, 16
    mov [IDT + eax * 8 + 6], bx
    inc eax
    cmp eax, 32
    jb .gates
    lidt [idt_ptr + LIN_BASE]
    mov ax, 0x18
    mov ss, ax
    xor esp, esp
%if SCENARIO == 5
    xor eax, eax
    mov ds, ax                  ; a null selector loads; using it faults
%endif
storm:
    mov eax, [0xFFFFF000]       ; SCENARIO 4: not present (#PF); 5: null DS (#GP)
    hlt

idt_ptr:
    dw 32 * 8 - 1
    dd IDT
%endif
%endif

%ifdef BOOT
    times 510 - ($ - $$) db 0
    dw 0xAA55
%else
    times 0xFFF0 - ($ - $$) db 0xF4
    bits 16
    jmp 0xF000:start            ; the reset vector
    times 0x10000 - ($ - $$) db 0xF4
%endif
