// Private: commands people type every day, which a package's bin / console script must not
// take over, and the packages that legitimately provide them.
#pragma once

#include <string_view>

namespace airlock::analyze {

// True when installing `package` (npm or PyPI name) as a provider of `command` is expected.
// Returns false for commands that are not commonly used.
bool is_common_command(std::string_view command);
bool is_legitimate_provider(std::string_view command, std::string_view package);

}  // namespace airlock::analyze
