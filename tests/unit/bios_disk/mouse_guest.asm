; The guest program of mouse_test.cpp's ROM test (assembled with `nasm -f bin`, bytes pasted
; into the test): INT 15h C205h/C207h/C200h, then three INT 74h with marked registers, and a
; handler that stores the words the BIOS pushed.
bits 16
org 0x600
setup:
  mov ax, 0xC205
  mov bh, 3
  int 0x15
  jc fail
  xor ax, ax
  mov es, ax
  mov bx, handler
  mov ax, 0xC207
  int 0x15
  jc fail
  mov ax, 0xC200
  mov bh, 1
  int 0x15
  jc fail
  mov word [0x70A], 0x600D
fail:
  cli
  hlt
irqs:                   ; 0628h: three IRQ 12s as the PIC would raise them, registers marked
  mov bx, 0x1234
  mov si, 0x5678
  mov di, 0x9ABC
  mov bp, 0x4321
  int 0x74
  int 0x74
  int 0x74
  mov [0x710], bx
  mov [0x712], si
  mov [0x714], di
  mov [0x716], bp
  mov [0x718], es
  cli
  hlt
handler:
  push bp
  mov bp, sp
  mov ax, [bp+12]
  mov [0x700], ax
  mov ax, [bp+10]
  mov [0x702], ax
  mov ax, [bp+8]
  mov [0x704], ax
  mov ax, [bp+6]
  mov [0x706], ax
  inc word [0x708]
  pushf
  pop word [0x71A]
  pop bp
  retf
