#include "persistence/backend/kv_backend.hpp"

namespace convoy::backend {

// Out-of-line destructors anchor the vtables in this library.

kv_cursor::~kv_cursor() = default;

kv_txn::~kv_txn() = default;

kv_backend::~kv_backend() = default;

} // namespace convoy::backend
