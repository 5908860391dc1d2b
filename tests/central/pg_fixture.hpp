// One throwaway PostgreSQL cluster per test process (pg_cluster.sh), started at first use and stopped
// when the process exits; each test gets a fresh, empty database in it. When PostgreSQL is not
// installed (the script exits 77), the test process exits 77, which ctest counts as skipped.
#pragma once
#include <libpq-fe.h>
#include <sys/wait.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>

class PgCluster {
  public:
    PgCluster() {
        std::random_device random;
        dir_ = (std::filesystem::temp_directory_path() /
                ("kiosk-pg-" + std::to_string(random()) + std::to_string(random())))
                   .string();
        const std::string command = std::string("sh '") + PG_CLUSTER_SCRIPT + "' start '" + dir_ + "'";
        FILE* out = popen(command.c_str(), "r");
        if (out == nullptr) throw std::runtime_error("cannot run " + command);
        char line[512];
        while (std::fgets(line, sizeof line, out) != nullptr) url_ += line;
        const int status = pclose(out);
        const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        if (code == 77) {
            std::fprintf(stderr, "PostgreSQL is not available: the PostgreSQL tests are skipped (exit 77)\n");
            std::fflush(nullptr);
            std::_Exit(77);  // not exit(): this constructor runs inside a function-local static's guard
        }
        while (!url_.empty() && (url_.back() == '\n' || url_.back() == ' ')) url_.pop_back();
        if (code != 0 || url_.empty()) {
            throw std::runtime_error("pg_cluster.sh start " + dir_ + " failed (exit " + std::to_string(code) +
                                     ")");
        }
    }
    ~PgCluster() {
        const std::string command = std::string("sh '") + PG_CLUSTER_SCRIPT + "' stop '" + dir_ + "'";
        if (std::system(command.c_str()) != 0)
            std::fprintf(stderr, "could not stop the cluster in %s\n", dir_.c_str());
    }
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    // The cluster's own test database: postgresql://postgres@127.0.0.1:PORT/kiosk_test
    const std::string& url() const { return url_; }

    // A new empty database in the cluster, and its URL.
    std::string fresh_database() {
        static std::atomic<int> counter{0};
        const std::string name = "ledger_" + std::to_string(++counter);
        PGconn* conn = PQconnectdb(url_.c_str());
        const bool connected = PQstatus(conn) == CONNECTION_OK;
        PGresult* result = connected ? PQexec(conn, ("CREATE DATABASE " + name).c_str()) : nullptr;
        const bool created = result != nullptr && PQresultStatus(result) == PGRES_COMMAND_OK;
        const std::string error = PQerrorMessage(conn);
        PQclear(result);
        PQfinish(conn);
        if (!created) throw std::runtime_error("cannot create database " + name + ": " + error);
        return url_.substr(0, url_.rfind('/') + 1) + name;
    }

  private:
    std::string dir_;
    std::string url_;
};

// The process's cluster, started at the first call.
inline PgCluster& pg_cluster() {
    static PgCluster cluster;
    return cluster;
}
