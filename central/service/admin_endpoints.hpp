// The endpoints for IT: GET /v1/health (open), and with an admin token GET /v1/fleet,
// GET /v1/export.csv, POST /v1/kiosks, POST /v1/kiosks/<id>/revoke.
#pragma once

namespace httplib {
class Server;
}

namespace central {

struct ServiceContext;

void add_admin_endpoints(httplib::Server& server, ServiceContext& context);

}  // namespace central
