// Private helpers shared by the names component (normalise.cpp, corpus.cpp, name_index.cpp).
#pragma once

#include <string>
#include <string_view>

#include "airlock/core/result.h"
#include "airlock/names/names.h"

namespace airlock::names::detail {

struct Normalised {
  std::string name;
  bool folded_homoglyph = false;  // a non-ASCII look-alike was folded or an invisible dropped
};

Result<Normalised> normalise_ex(Ecosystem eco, std::string_view name);

}  // namespace airlock::names::detail
