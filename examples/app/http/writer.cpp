#include "examples/app/http/writer.hpp"

#include <utility>

namespace convoy::examples::http {

namespace {

bool is_framing_header(std::string_view name) {
  return iequals(name, "Content-Length") || iequals(name, "Connection")
         || iequals(name, "Transfer-Encoding");
}

void append_headers(std::string& out, const std::vector<header>& headers) {
  for (const auto& h : headers) {
    if (is_framing_header(h.name))
      continue;
    out.append(h.name).append(": ").append(h.value).append("\r\n");
  }
}

} // namespace

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Unknown";
  }
}

std::string format_response(const response& resp, bool keep_alive) {
  std::string out;
  out.reserve(128 + resp.body.size());
  out.append("HTTP/1.1 ").append(std::to_string(resp.status)).append(" ");
  out.append(reason_phrase(resp.status)).append("\r\n");
  append_headers(out, resp.headers);
  bool bodiless = resp.status < 200 || resp.status == 204 || resp.status == 304;
  if (!bodiless)
    out.append("Content-Length: ").append(std::to_string(resp.body.size())).append("\r\n");
  if (!keep_alive)
    out.append("Connection: close\r\n");
  out.append("\r\n");
  if (!bodiless)
    out.append(resp.body);
  return out;
}

std::string format_request(const request& req, std::string_view host) {
  std::string out;
  out.reserve(128 + req.body.size());
  out.append(req.method).append(" ").append(req.target).append(" HTTP/1.1\r\n");
  out.append("Host: ").append(host).append("\r\n");
  for (const auto& h : req.headers)
    if (!is_framing_header(h.name) && !iequals(h.name, "Host"))
      out.append(h.name).append(": ").append(h.value).append("\r\n");
  if (!req.body.empty() || req.method == "PUT" || req.method == "POST")
    out.append("Content-Length: ").append(std::to_string(req.body.size())).append("\r\n");
  out.append("Connection: close\r\n\r\n");
  out.append(req.body);
  return out;
}

response text_response(int status, std::string body) {
  response resp;
  resp.status = status;
  resp.headers.push_back({"Content-Type", "text/plain; charset=utf-8"});
  resp.body = std::move(body);
  return resp;
}

} // namespace convoy::examples::http
