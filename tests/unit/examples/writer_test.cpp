#include <string>

#include <boost/test/unit_test.hpp>

#include "examples/app/http/parser.hpp"
#include "examples/app/http/program.hpp"
#include "examples/app/http/writer.hpp"

using namespace convoy::examples::http;

BOOST_AUTO_TEST_SUITE(writer)

BOOST_AUTO_TEST_CASE(formats_status_headers_length_and_body) {
  auto resp = text_response(200, "hello\n");
  resp.headers.push_back({"X-Served-By", "db-1"});
  BOOST_TEST(format_response(resp, true)
             == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
                "X-Served-By: db-1\r\nContent-Length: 6\r\n\r\nhello\n");
}

BOOST_AUTO_TEST_CASE(closing_responses_say_so_and_framing_headers_are_ours) {
  response resp;
  resp.status = 404;
  resp.body = "no";
  resp.headers.push_back({"content-length", "999"});
  resp.headers.push_back({"Connection", "keep-alive"});
  BOOST_TEST(format_response(resp, false)
             == "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno");
}

BOOST_AUTO_TEST_CASE(no_content_has_no_length_and_no_body) {
  response resp;
  resp.status = 204;
  resp.body = "ignored";
  BOOST_TEST(format_response(resp, true) == "HTTP/1.1 204 No Content\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(formatted_responses_parse_back) {
  for (int status : {200, 204, 400, 404, 405, 502}) {
    BOOST_TEST_CONTEXT("status " << status) {
      auto resp = text_response(status, status == 204 ? "" : "body " + std::to_string(status));
      auto parsed = parse_response(format_response(resp, status % 2 == 0));
      BOOST_REQUIRE(parsed.status == parse_status::complete);
      BOOST_TEST(parsed.message.status == status);
      BOOST_TEST(parsed.message.body == resp.body);
    }
  }
}

BOOST_AUTO_TEST_CASE(formatted_requests_parse_back) {
  request req;
  req.method = "PUT";
  req.target = "/kv/hits";
  req.body = "41";
  req.headers.push_back({"Host", "ignored"});
  auto text = format_request(req, "10.0.0.7");
  auto parsed = parse_request(text);
  BOOST_REQUIRE(parsed.status == parse_status::complete);
  BOOST_TEST(parsed.consumed == text.size());
  BOOST_TEST(parsed.message.body == "41");
  BOOST_TEST(*find_header(parsed.message.headers, "Host") == "10.0.0.7");
  BOOST_TEST(!wants_keep_alive(parsed.message));
}

BOOST_AUTO_TEST_CASE(reason_phrases_and_access_lines) {
  BOOST_TEST(reason_phrase(502) == "Bad Gateway");
  BOOST_TEST(reason_phrase(299) == "Unknown");
  request req;
  req.method = "GET";
  req.target = "/kv/greeting";
  BOOST_TEST(access_line(req, text_response(200, "hello")) == "GET /kv/greeting 200 5");
}

BOOST_AUTO_TEST_SUITE_END()
