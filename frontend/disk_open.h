// Opening the disk images named on the command line: a one-line error for a missing file, a
// directory or an unusable size; read-only files stay read-only; --snapshot puts a
// copy-on-write overlay in front so the file is never written. CD-ROM images are always
// read-only and must be ISO 9660 (the primary volume descriptor's "CD001" at sector 16).
#pragma once
#include <memory>
#include <string>

#include "devices/floppy/disk_image.h"

namespace m86 {

enum class DiskKind { kFloppy, kHardDisk, kCdrom };

std::unique_ptr<DiskImage> OpenDiskImage(const std::string& path, DiskKind kind, bool snapshot,
                                         std::string* error);

}  // namespace m86
