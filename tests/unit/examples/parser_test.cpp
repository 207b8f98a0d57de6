#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "examples/app/http/parser.hpp"

using namespace convoy::examples::http;

BOOST_AUTO_TEST_SUITE(parser)

BOOST_AUTO_TEST_CASE(parses_request_line_headers_and_body) {
  std::string text = "PUT /kv/greeting HTTP/1.1\r\nHost: db\r\ncontent-length: 5\r\n"
                     "X-Note:   spaced value \t\r\n\r\nhelloGET /next";
  auto r = parse_request(text);
  BOOST_REQUIRE(r.status == parse_status::complete);
  BOOST_TEST(r.message.method == "PUT");
  BOOST_TEST(r.message.target == "/kv/greeting");
  BOOST_TEST(r.message.version == "HTTP/1.1");
  BOOST_TEST(r.message.body == "hello");
  BOOST_REQUIRE_EQUAL(r.message.headers.size(), 3u);
  BOOST_TEST(*find_header(r.message.headers, "HOST") == "db");
  BOOST_TEST(*find_header(r.message.headers, "x-note") == "spaced value");
  // The pipelined bytes after the body are left for the next call.
  BOOST_TEST(r.consumed == text.find("GET /next"));
}

BOOST_AUTO_TEST_CASE(accepts_bare_lf_and_no_body) {
  auto r = parse_request("GET / HTTP/1.0\nConnection: keep-alive\n\n");
  BOOST_REQUIRE(r.status == parse_status::complete);
  BOOST_TEST(r.message.body.empty());
  BOOST_TEST(wants_keep_alive(r.message));
}

BOOST_AUTO_TEST_CASE(every_prefix_of_a_request_needs_more) {
  std::string text = "PUT /kv/k HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
  for (std::size_t n = 0; n < text.size(); ++n) {
    BOOST_TEST_CONTEXT("prefix of " << n << " bytes") {
      auto r = parse_request(text.substr(0, n));
      BOOST_TEST((r.status == parse_status::need_more));
      BOOST_TEST(r.consumed == 0u);
    }
  }
  BOOST_TEST((parse_request(text).status == parse_status::complete));
}

BOOST_AUTO_TEST_CASE(malformed_requests_are_errors_naming_the_part) {
  struct row {
    std::string input;
    std::string error_part;
  };
  std::vector<row> rows = {
    {"GET /\r\n\r\n", "request line"},
    {"GET  / HTTP/1.1\r\n\r\n", "request line"},
    {"GET / HTTP/1.1 extra\r\n\r\n", "request line"},
    {"G(T / HTTP/1.1\r\n\r\n", "request method"},
    {"GET kv HTTP/1.1\r\n\r\n", "request target"},
    {"GET / HTTP/2.0\r\n\r\n", "HTTP version"},
    {"GET / HTTP/1.1\r\nNo colon here\r\n\r\n", "header line"},
    {"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", "header line"},
    {"GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", "folding"},
    {"PUT / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", "Content-Length"},
    {"PUT / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n", "Content-Length"},
    {"PUT / HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n", "exceeds"},
    {"PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", "Transfer-Encoding"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.input) {
      auto parsed = parse_request(r.input);
      BOOST_TEST((parsed.status == parse_status::error));
      BOOST_TEST(parsed.error.find(r.error_part) != std::string::npos, parsed.error);
    }
  }
}

BOOST_AUTO_TEST_CASE(an_endless_head_is_an_error_not_need_more) {
  parse_limits limits;
  limits.max_head = 64;
  std::string text = "GET / HTTP/1.1\r\nX: " + std::string(100, 'a');
  auto r = parse_request(text, limits);
  BOOST_TEST((r.status == parse_status::error));
  BOOST_TEST(r.error.find("exceeds 64 bytes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(parses_responses) {
  auto r = parse_response("HTTP/1.1 200 OK\r\nX-Served-By: db-1\r\nContent-Length: 2\r\n\r\nhi");
  BOOST_REQUIRE(r.status == parse_status::complete);
  BOOST_TEST(r.message.status == 200);
  BOOST_TEST(r.message.body == "hi");
  BOOST_TEST(*find_header(r.message.headers, "x-served-by") == "db-1");

  auto no_content = parse_response("HTTP/1.1 204 No Content\r\n\r\n");
  BOOST_REQUIRE(no_content.status == parse_status::complete);
  BOOST_TEST(no_content.message.status == 204);

  BOOST_TEST((parse_response("HTTP/1.1 200 OK\r\n\r\n").status == parse_status::error));
  BOOST_TEST((parse_response("HTTP/1.1 2000 OK\r\n\r\n").status == parse_status::error));
  BOOST_TEST((parse_response("ICY 200 OK\r\n\r\n").status == parse_status::error));
  BOOST_TEST((parse_response("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab").status
              == parse_status::need_more));
}

BOOST_AUTO_TEST_CASE(keep_alive_follows_version_and_connection_header) {
  request req;
  req.version = "HTTP/1.1";
  BOOST_TEST(wants_keep_alive(req));
  req.headers.push_back({"connection", "Close"});
  BOOST_TEST(!wants_keep_alive(req));
  req.version = "HTTP/1.0";
  req.headers.clear();
  BOOST_TEST(!wants_keep_alive(req));
}

BOOST_AUTO_TEST_SUITE_END()
