#include "actors/apiserver/patch/patch_result.hpp"

namespace convoy::apiserver {

int http_status(patch_errc code) noexcept {
  switch (code) {
    case patch_errc::malformed:
      return 400;
    case patch_errc::unprocessable:
      return 422;
    case patch_errc::too_large:
      return 413;
  }
  return 400;
}

} // namespace convoy::apiserver
