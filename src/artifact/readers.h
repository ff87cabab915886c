// Private: the two ways a target's files are read. Public entry point: read_target().
#pragma once

#include "airlock/artifact/artifact.h"

namespace airlock::artifact {

Status read_archive(const TargetSpec& spec, const Limits& limits, EntryVisitor& visitor);
Status read_directory(const TargetSpec& spec, const Limits& limits, EntryVisitor& visitor);

}  // namespace airlock::artifact
