// INT 13h: the diskette and fixed disk services (IBM PC AT Technical Reference, "Diskette" and
// "Fixed Disk" BIOS; Phoenix "BIOS Enhanced Disk Drive Specification" for AH=41h-48h), and the
// CD drive E0h (El Torito). The services read and write the disk images directly instead of
// programming a controller, but answer as the AT BIOS does: same status codes, same BIOS data
// area bookkeeping.
#include "bios/bda.h"
#include "bios/bios.h"
#include "bios/disk_common.h"
#include "bios/eltorito.h"

namespace m86 {

void Int13Disk(Bios& bios, BiosCall& call) {
  const uint8_t function = call.ah();
  const bool hard_disk = (call.dl() & 0x80) != 0;
  // The CD drive shares the fixed disks' status byte, as drive numbers 80h and up do.
  const bool cdrom = call.dl() == eltorito::kCdDrive && bios.cdrom();
  const uint8_t status = cdrom       ? disk::CdromService(bios, call)
                       : hard_disk ? disk::HardDiskService(bios, call)
                                   : disk::FloppyService(bios, call);
  // Every function but "get status" leaves its result for AH=01h (0040:0041 diskette,
  // 0040:0074 fixed disk).
  if (function != 0x01) bios.Poke8(hard_disk ? bda::kHdStatus : bda::kFloppyStatus, status);
}

}  // namespace m86
