// Keeps one refused TLS peer from tearing down the node's good TLS links.
//
// OpenSSL keeps one error queue per thread, and SSL_get_error() reports
// SSL_ERROR_SSL whenever that queue is not empty, whichever connection put
// the error there. CAF 0.17.6's openssl session (libcaf_openssl) never
// empties the queue after a failed operation: a peer refused during the
// handshake (a foreign certificate, plain TCP) leaves its errors behind on
// the multiplexer thread, and the next harmless "would block" of another
// session's SSL_read is then taken for a fatal error -- CAF closes that
// connection and the node loses a trusted peer (measured: every retry of a
// refused node cut an established link). OpenSSL's documentation asks
// callers to clear the queue before each I/O call; CAF does not, so the
// convoy binary interposes the four calls CAF makes and clears it first.
// The definitions take precedence over libssl's because the executable
// exports them (it is linked against libcaf_openssl, which references
// them); the real functions are found with dlsym(RTLD_NEXT).

#include <dlfcn.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace {

template <class Fn>
Fn next_definition(const char* name) {
  auto* fn = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
  if (!fn)
    abort(); // libssl is linked in; missing means a broken installation
  return fn;
}

} // namespace

extern "C" {

int SSL_read(SSL* ssl, void* buf, int num) {
  static auto real = next_definition<int (*)(SSL*, void*, int)>("SSL_read");
  ERR_clear_error();
  return real(ssl, buf, num);
}

int SSL_write(SSL* ssl, const void* buf, int num) {
  static auto real = next_definition<int (*)(SSL*, const void*, int)>("SSL_write");
  ERR_clear_error();
  return real(ssl, buf, num);
}

int SSL_accept(SSL* ssl) {
  static auto real = next_definition<int (*)(SSL*)>("SSL_accept");
  ERR_clear_error();
  return real(ssl);
}

int SSL_connect(SSL* ssl) {
  static auto real = next_definition<int (*)(SSL*)>("SSL_connect");
  ERR_clear_error();
  return real(ssl);
}

} // extern "C"
