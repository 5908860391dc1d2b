// The PostgreSQL cluster a test process uses, and a fresh, empty database in it for each test.
// Under ctest, the run's one shared cluster (the fixture `postgresql`, pg_shared_cluster.sh), found
// through the file KIOSK_TEST_PG_CLUSTER_FILE names; run by hand without it, a throwaway cluster of the
// process's own (pg_cluster.sh), started at first use and stopped when the process exits. When
// PostgreSQL cannot run here (the scripts exit 77), the test process exits 77, which ctest counts as
// skipped.
#pragma once
#include <libpq-fe.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>

class PgCluster {
  public:
    PgCluster() {
        if (const char* file = std::getenv("KIOSK_TEST_PG_CLUSTER_FILE"); file != nullptr && *file != '\0')
            use_shared(file);
        else
            start_own();
    }
    ~PgCluster() {
        if (dir_.empty()) return;  // the run's shared cluster: its fixture stops it
        const std::string command = std::string("sh '") + PG_CLUSTER_SCRIPT + "' stop '" + dir_ + "'";
        if (std::system(command.c_str()) != 0)
            std::fprintf(stderr, "could not stop the cluster in %s\n", dir_.c_str());
    }
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    // The cluster's own test database: postgresql://postgres@127.0.0.1:PORT/kiosk_test
    const std::string& url() const { return url_; }

    // A new empty database in the cluster, and its URL. Its name is random: test processes running at
    // once share the cluster.
    std::string fresh_database() {
        std::random_device random;
        char name[32];
        std::snprintf(name, sizeof name, "test_%08x%08x", random(), random());
        PGconn* conn = PQconnectdb(url_.c_str());
        const bool connected = PQstatus(conn) == CONNECTION_OK;
        PGresult* result =
            connected ? PQexec(conn, (std::string("CREATE DATABASE ") + name).c_str()) : nullptr;
        const bool created = result != nullptr && PQresultStatus(result) == PGRES_COMMAND_OK;
        const std::string error = PQerrorMessage(conn);
        PQclear(result);
        PQfinish(conn);
        if (!created) throw std::runtime_error(std::string("cannot create database ") + name + ": " + error);
        return url_.substr(0, url_.rfind('/') + 1) + name;
    }

    // Drops a database fresh_database() made, so that the shared cluster does not grow over a run (the
    // sync tests drop theirs too). Never throws: it runs in destructors.
    void drop_database(const std::string& database_url) noexcept {
        const std::string name = database_url.substr(database_url.rfind('/') + 1);
        PGconn* conn = PQconnectdb(url_.c_str());
        if (PQstatus(conn) == CONNECTION_OK)
            PQclear(PQexec(conn, ("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").c_str()));
        PQfinish(conn);
    }

  private:
    [[noreturn]] static void skip() {
        std::fprintf(stderr, "PostgreSQL is not available: the PostgreSQL tests are skipped (exit 77)\n");
        std::fflush(nullptr);
        std::_Exit(77);  // not exit(): this constructor runs inside a function-local static's guard
    }

    // The file's first line: the URL, or `unavailable` when the fixture found no PostgreSQL.
    void use_shared(const std::string& file) {
        std::ifstream in(file);
        if (!in) {
            throw std::runtime_error(
                "no " + file + ": the ctest fixture 'postgresql' (pg_shared_cluster.sh start) did not run");
        }
        std::getline(in, url_);
        if (url_ == "unavailable") skip();
        if (url_.rfind("postgresql://", 0) != 0)
            throw std::runtime_error(file + " names no cluster: " + url_);
    }

    void start_own() {
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
            dir_.clear();
            skip();
        }
        while (!url_.empty() && (url_.back() == '\n' || url_.back() == ' ')) url_.pop_back();
        if (code != 0 || url_.empty()) {
            throw std::runtime_error("pg_cluster.sh start " + dir_ + " failed (exit " + std::to_string(code) +
                                     ")");
        }
    }

    std::string dir_;  // the cluster's folder when the process started its own, else empty
    std::string url_;
};

// The process's cluster, found or started at the first call.
inline PgCluster& pg_cluster() {
    static PgCluster cluster;
    return cluster;
}
