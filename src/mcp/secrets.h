// Private to src/mcp: telling credentials from placeholders in configuration values, and
// taking them out of arguments and URLs before they reach the model (model.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "airlock/mcp/model.h"

namespace airlock::mcp::detail {

// "${VAR}", "${env:VAR}", "${input:id}", "$VAR", "%VAR%", "{{VAR}}", "${{ secrets.X }}".
bool is_placeholder(std::string_view value);
ValueKind classify_value(std::string_view value);
// What a value looks like when it has a recognised token format ("GitHub token"), else "".
std::string known_token_kind(std::string_view value);
// TOKEN, SECRET, PASSWORD, API_KEY, ..._KEY, AUTHORIZATION, COOKIE, ... (any case, - or _).
bool secret_like_name(std::string_view name);
// The description of a credential-looking literal assigned to `name`, or "" when it is not
// one (placeholders, paths, booleans, numbers, "your-token-here" and short values are not).
std::string secret_in(std::string_view name, std::string_view value, bool& known_format);

// Replaces credential-looking arguments (a bare token, --token=X, --api-key X, NAME=X,
// "Authorization: Bearer X") with kRedacted and records where they were.
void redact_args(std::vector<std::string>& args, std::vector<InlineSecret>& found);
// Replaces a URL's password and secret-named query values with kRedacted.
std::string redact_url(std::string_view url, std::vector<InlineSecret>& found);

}  // namespace airlock::mcp::detail
