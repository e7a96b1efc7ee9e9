// OpenSSL's libcrypto (Debian libssl-dev): SHA-256 through the EVP interface, for cache keys and content identities.
#include <openssl/evp.h>
