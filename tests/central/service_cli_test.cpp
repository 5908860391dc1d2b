// The kiosk-central program itself on a temporary SQLite store: init, enrol, revoke, fleet, export,
// admin-token, their exit codes, and serve (the "listening on" line, a signed batch, SIGTERM).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "service_harness.hpp"

extern char** environ;

using namespace central_test;

namespace {

// Beside the test binary's build folder: <build>/central/kiosk-central (built by `ninja`).
std::string program() {
    std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe");
    return (exe.parent_path().parent_path().parent_path() / "central" / "kiosk-central").string();
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

struct Run {
    int code = -1;
    std::string out;
    std::string err;
};

pid_t spawn(const std::vector<std::string>& args, const std::string& out, const std::string& err) {
    std::vector<char*> argv;
    std::string path = program();
    argv.push_back(path.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = -1;
    int failed = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (failed) throw std::runtime_error("cannot start " + path);
    return pid;
}

int wait_for(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct Store {
    TempDir dir;
    std::string config = dir.file("central.toml");
    Store() {
        std::ofstream(config) << "store_id = \"cli-store\"\ndatabase = \"sqlite:" << dir.file("central.db")
                              << "\"\nkey_file = \"store.key\"\nthreads = 2\n[listen]\nport = 0\n";
    }
    Run run(std::vector<std::string> args) {
        args.push_back("--config");
        args.push_back(config);
        Run r;
        r.code = wait_for(spawn(args, dir.file("out"), dir.file("err")));
        r.out = read_file(dir.file("out"));
        r.err = read_file(dir.file("err"));
        return r;
    }
};

}  // namespace

TEST_CASE("kiosk-central init enrol revoke fleet export and admin-token work on a SQLite store") {
    REQUIRE(std::filesystem::exists(program()));
    Store store;
    Run init = store.run({"init"});
    CHECK(init.code == 0);
    CHECK(init.out.size() == 44);  // the public key and a newline
    CHECK(store.run({"init"}).out == init.out);

    TestKiosk kiosk("kiosk-7");
    Run enrol = store.run({"enrol", kiosk.enrolment_code()});
    INFO(enrol.err);
    CHECK(enrol.code == 0);
    CHECK(store.run({"enrol", kiosk.enrolment_code()}).code == 1);
    Run bad = store.run({"enrol", "CK1.kiosk-8.short"});
    CHECK(bad.code == 64);
    CHECK_THAT(bad.err, Catch::Contains("public key"));

    Run fleet = store.run({"fleet"});
    CHECK(fleet.code == 0);
    CHECK_THAT(fleet.out, Catch::Contains("kiosk-7"));
    Run fleet_json = store.run({"fleet", "--json"});
    CHECK(json::parse(fleet_json.out)["kiosks"][0]["kiosk_id"] == "kiosk-7");

    Run exported = store.run({"export", "--output", store.dir.file("ratings.csv"), "--from", "2026-01-01"});
    CHECK(exported.code == 0);
    CHECK(read_file(store.dir.file("ratings.csv")).rfind("kiosk_id,rating_id,", 0) == 0);
    CHECK(store.run({"export", "--from", "2026-1-1"}).code == 64);

    Run token = store.run({"admin-token", "--label", "it-desk"});
    CHECK(token.code == 0);
    CHECK(token.out.size() == 44);

    CHECK(store.run({"revoke", "kiosk-7"}).code == 0);
    CHECK(json::parse(store.run({"fleet", "--json"}).out)["kiosks"][0]["revoked"].is_string());
    CHECK(store.run({"revoke", "kiosk-404"}).code == 1);

    CHECK(store.run({"frobnicate"}).code == 64);
    CHECK(store.run({"enrol"}).code == 64);
    CHECK(store.run({"fleet", "--help"}).code == 0);
    std::ofstream(store.config, std::ios::app) << "colour = \"blue\"\n";
    Run bad_config = store.run({"fleet"});
    CHECK(bad_config.code == 78);
    CHECK_THAT(bad_config.err, Catch::Contains("colour: unknown key"));
}

TEST_CASE("kiosk-central serve says where it listens takes a signed batch and stops on SIGTERM") {
    REQUIRE(std::filesystem::exists(program()));
    Store store;
    REQUIRE(store.run({"init"}).code == 0);
    TestKiosk kiosk("kiosk-7");
    REQUIRE(store.run({"enrol", kiosk.enrolment_code()}).code == 0);

    pid_t pid =
        spawn({"serve", "--config", store.config}, store.dir.file("serve.out"), store.dir.file("serve.err"));
    std::string url;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (url.empty() && std::chrono::steady_clock::now() < deadline) {
        std::string out = read_file(store.dir.file("serve.out"));
        if (out.rfind("listening on ", 0) == 0 && out.find('\n') != std::string::npos)
            url = out.substr(13, out.find('\n') - 13);
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    INFO(read_file(store.dir.file("serve.err")));
    REQUIRE(url.rfind("http://127.0.0.1:", 0) == 0);
    int port = std::stoi(url.substr(17));
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(30, 0);
    std::string body = batch_json("kiosk-7", uuid(1), 1, 2).dump();
    std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    auto result = client.Post("/v1/batches", kiosk.headers("POST /v1/batches", uuid(1), now, body), body,
                              "application/json");
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK(json::parse(result->body)["receipt"]["accepted"] == 2);
    CHECK(json::parse(result->body)["receipt"]["store_id"] == "cli-store");

    kill(pid, SIGTERM);
    CHECK(wait_for(pid) == 0);
    std::string log = read_file(store.dir.file("serve.err"));
    CHECK_THAT(log, Catch::Contains("POST /v1/batches kiosk=kiosk-7 status=200"));
    CHECK_THAT(log, Catch::Contains("stopping on SIGTERM"));

    Run exported = store.run({"export"});
    CHECK(std::count(exported.out.begin(), exported.out.end(), '\n') == 3);
}
