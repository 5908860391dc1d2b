// The endpoints a kiosk calls, all signed: POST /v1/batches (the receipt), POST /v1/heartbeats and
// POST /v1/site-scores (its site's figures, signed by the store).
#pragma once

namespace httplib {
class Server;
}

namespace central {

struct ServiceContext;

void add_kiosk_endpoints(httplib::Server& server, ServiceContext& context);

}  // namespace central
