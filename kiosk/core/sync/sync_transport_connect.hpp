// Opens the TCP connection a POST to the store goes over: straight to the store, or to the HTTP proxy
// and through a tunnel it opens (CONNECT). The kiosk does this itself rather than cpp-httplib: 0.11's
// own proxy code deadlocks on a proxy that answers CONNECT with "Connection: close" (it takes a mutex
// it already holds), and its connection cannot be interrupted while the kiosk stops. Each socket is
// handed to the transfer's watch before it connects, so stopping cuts a connection attempt short too.
#pragma once
#include <string>

#include "sync_transport.hpp"
#include "sync_transport_route.hpp"
#include "sync_transport_watch.hpp"

namespace kiosk {

// A connected, blocking socket (the caller closes it), or -1 with `why` set, for a person.
int connect_for_store(const StoreRoute& route, const TransportLimits& limits, TransferWatch& watch,
                      std::string& why);

}  // namespace kiosk
