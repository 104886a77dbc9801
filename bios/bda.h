// The BIOS data area at 0x400 (IBM PC AT Technical Reference, "BIOS Data Area"; the offsets
// every DOS program knows). Physical addresses.
#pragma once
#include <cstdint>

namespace m86::bda {
constexpr uint32_t kBase = 0x400;
constexpr uint32_t kComPorts = 0x400;        // 4 words
constexpr uint32_t kLptPorts = 0x408;        // 3 words
constexpr uint32_t kEbdaSegment = 0x40E;     // word
constexpr uint32_t kEquipment = 0x410;       // word (INT 11h)
constexpr uint32_t kMemoryKb = 0x413;        // word (INT 12h)
constexpr uint32_t kKbdFlags0 = 0x417;       // shift/ctrl/alt/lock states
constexpr uint32_t kKbdFlags1 = 0x418;
constexpr uint32_t kAltKeypad = 0x419;
constexpr uint32_t kKbdHead = 0x41A;         // word: offset from 0x400 of the next key
constexpr uint32_t kKbdTail = 0x41C;         // word
constexpr uint32_t kKbdBuffer = 0x41E;       // 16 words (default buffer 0x1E-0x3D)
constexpr uint32_t kFloppyRecal = 0x43E;
constexpr uint32_t kFloppyMotor = 0x43F;
constexpr uint32_t kFloppyMotorTicks = 0x440;
constexpr uint32_t kFloppyStatus = 0x441;    // last INT 13h floppy status
constexpr uint32_t kFloppyResult = 0x442;    // 7 bytes of FDC result
constexpr uint32_t kVideoMode = 0x449;
constexpr uint32_t kVideoColumns = 0x44A;    // word
constexpr uint32_t kVideoPageSize = 0x44C;   // word, bytes
constexpr uint32_t kVideoPageStart = 0x44E;  // word, offset of the active page
constexpr uint32_t kCursorPos = 0x450;       // 8 words: column, row per page
constexpr uint32_t kCursorShape = 0x460;     // word: end, start scan line
constexpr uint32_t kVideoPage = 0x462;
constexpr uint32_t kCrtcBase = 0x463;        // word: 0x3D4 or 0x3B4
constexpr uint32_t kVideoModeCtl = 0x465;
constexpr uint32_t kVideoPalette = 0x466;
constexpr uint32_t kTicks = 0x46C;           // dword: timer ticks since midnight
constexpr uint32_t kMidnight = 0x470;
constexpr uint32_t kBreakFlag = 0x471;
constexpr uint32_t kResetFlag = 0x472;       // word: 0x1234 = warm boot
constexpr uint32_t kHdStatus = 0x474;        // last INT 13h hard-disk status
constexpr uint32_t kHdCount = 0x475;
constexpr uint32_t kComTimeouts = 0x47C;     // 4 bytes
constexpr uint32_t kLptTimeouts = 0x478;     // 3 bytes
constexpr uint32_t kKbdBufStart = 0x480;     // word
constexpr uint32_t kKbdBufEnd = 0x482;       // word
constexpr uint32_t kVideoRows = 0x484;       // rows - 1
constexpr uint32_t kCharHeight = 0x485;      // word
constexpr uint32_t kVideoEgaMisc = 0x487;
constexpr uint32_t kVideoEgaSwitches = 0x488;
constexpr uint32_t kVideoVgaFlags = 0x489;
constexpr uint32_t kVideoDcc = 0x48A;
constexpr uint32_t kFloppyLastRate = 0x48B;
constexpr uint32_t kFloppyMediaState = 0x490;  // 2 bytes, drives 0 and 1
constexpr uint32_t kKbdFlags2 = 0x496;       // extended keyboard (E0/E1 prefix, 101-key)
constexpr uint32_t kKbdLeds = 0x497;
constexpr uint32_t kUserWaitFlag = 0x498;    // INT 15h AH=83h
constexpr uint32_t kUserWaitCount = 0x49C;
constexpr uint32_t kUserWaitActive = 0x4A0;
constexpr uint32_t kVideoSavePtr = 0x4A8;    // dword
}  // namespace m86::bda
