// Programmer errors are assertions with a sentence, and they are live in the build the tests run.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <string>

#include "norm_rotation.hpp"

TEST_CASE("assertions are live in the test build and say what promise was broken") {
#ifdef NDEBUG
    FAIL(
        "NDEBUG is defined: assertions are compiled out of the build the tests run (KIOSK_ASSERTIONS=ON "
        "keeps them)");
#endif
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::dup2(pipe_fds[1], STDERR_FILENO);
        kiosk::NormRotation rotation({"bsc1", "bsc2"}, 1, 1);
        rotation.count_asked({"bsc9"});  // a norm the rotation was never given
        std::_Exit(0);
    }
    ::close(pipe_fds[1]);
    std::string said;
    char buffer[512];
    for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;)
        said.append(buffer, static_cast<std::size_t>(n));
    ::close(pipe_fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status));
    if (WIFSIGNALED(status)) CHECK(WTERMSIG(status) == SIGABRT);
    CHECK_THAT(said, Catch::Contains("a visit only asks about norms the rotation was given"));
}
