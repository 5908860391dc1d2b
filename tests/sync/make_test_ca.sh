#!/bin/sh
# Makes the TLS material the sync tests need, with the openssl CLI, in DIR:
#   ca.pem, ca.key                          a test CA
#   server.pem, server.key                  a server certificate for 127.0.0.1 and localhost, signed by it
#   wrong-ca.pem, wrong-ca.key              a second, unrelated CA
#   wrong-server.pem, wrong-server.key      a server certificate (same names) signed by the wrong CA
#   misnamed-server.pem, misnamed-server.key  signed by the test CA, its subject CN 127.0.0.1 but its
#                                           only name (subjectAltName) elsewhere.example: a client that
#                                           falls back to the CN takes it for 127.0.0.1, RFC 6125 does not
#   server.pin                              libcurl's pin of server.key: sha256//<base64 SHA-256 of the DER
#                                           SubjectPublicKeyInfo>
#   wrong.pin                               a pin in the same form that matches no key here but wrong-server's
# Keys are mode 0600. Test material only: nothing here is for a real store.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$1
command -v openssl >/dev/null || { echo "$0: the openssl command is not installed" >&2; exit 1; }
mkdir -p "$dir"
cd "$dir"
umask 077  # keys are made 0600 from the start, never readable by others for a moment

# server_ext NAMES: the extensions of a server certificate named NAMES (subjectAltName)
server_ext() {
  printf '%s\n' "basicConstraints = critical, CA:false" "keyUsage = critical, digitalSignature" \
    "extendedKeyUsage = serverAuth" "subjectAltName = $1" "authorityKeyIdentifier = keyid" > server.ext
}

# make_ca NAME SUBJECT
make_ca() {
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.pem" \
    -days 3650 -subj "$2" -addext "basicConstraints=critical,CA:true" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null ||
    { echo "$0: Unable to make the CA $1 in $dir" >&2; exit 1; }
}
# make_server NAME CA [NAMES]   (NAMES: the subjectAltName; IP:127.0.0.1, DNS:localhost unless given)
make_server() {
  server_ext "${3:-IP:127.0.0.1, DNS:localhost}"

  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.csr" \
    -subj "/CN=127.0.0.1" 2>/dev/null &&
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -out "$1.pem" -days 3650 \
    -extfile server.ext 2>/dev/null ||
    { echo "$0: Unable to make the server certificate $1 signed by $2 in $dir" >&2; exit 1; }
  rm -f "$1.csr"
}
# pin KEYFILE: libcurl's CURLOPT_PINNEDPUBLICKEY form
pin() {
  printf 'sha256//%s\n' "$(openssl pkey -in "$1" -pubout -outform DER | openssl dgst -sha256 -binary | openssl base64 -A)"
}

make_ca ca "/CN=Charter kiosk test CA"
make_server server ca
make_ca wrong-ca "/CN=Unrelated test CA"
make_server wrong-server wrong-ca
make_server misnamed-server ca "DNS:elsewhere.example"
pin server.key > server.pin
pin wrong-server.key > wrong.pin
rm -f server.ext ca.srl wrong-ca.srl
chmod 0600 ca.key server.key wrong-ca.key wrong-server.key misnamed-server.key
chmod 0644 ca.pem server.pem wrong-ca.pem wrong-server.pem misnamed-server.pem server.pin wrong.pin
echo "test CA and server certificates in $dir"
