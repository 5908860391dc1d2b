// The endpoints a kiosk calls, both signed: POST /v1/batches (the receipt) and POST /v1/heartbeats.
#pragma once

namespace httplib {
class Server;
}

namespace central {

struct ServiceContext;

void add_kiosk_endpoints(httplib::Server& server, ServiceContext& context);

}  // namespace central
