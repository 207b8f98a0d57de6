#include "etcd_target.hpp"

#include <optional>
#include <stdexcept>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "etcd_kv.grpc.pb.h"

namespace convoy::bench {

namespace {

using namespace std::chrono_literals;
using clock_type = latency_recorder::clock;

constexpr auto op_timeout = std::chrono::seconds{60};

std::string url(uint16_t port) {
  return "http://127.0.0.1:" + std::to_string(port);
}

std::string address(uint16_t port) {
  return "127.0.0.1:" + std::to_string(port);
}

/// One unary call in flight on the completion queue (its own tag).
struct call {
  grpc::ClientContext ctx;
  grpc::Status status;
  store::PutResponse put;
  store::RangeResponse range;
  std::unique_ptr<grpc::ClientAsyncResponseReader<store::PutResponse>> put_reader;
  std::unique_ptr<grpc::ClientAsyncResponseReader<store::RangeResponse>> range_reader;
  clock_type::time_point start;
};

} // namespace

struct etcd_target::stubs {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<etcdserverpb::KV::Stub> kv;
};

etcd_target::etcd_target(const std::string& etcd_binary, const std::filesystem::path& root,
                         int members) {
  std::filesystem::create_directories(root);
  std::vector<uint16_t> peer_ports;
  std::string cluster;
  for (int i = 1; i <= members; ++i) {
    names_.push_back("e" + std::to_string(members) + "n" + std::to_string(i));
    client_ports_.push_back(free_port());
    peer_ports.push_back(free_port());
    cluster += (i > 1 ? "," : "") + names_.back() + "=" + url(peer_ports.back());
  }
  for (size_t i = 0; i < names_.size(); ++i) {
    procs_.push_back(std::make_unique<child>(
      std::vector<std::string>{
        etcd_binary, "--name", names_[i], "--data-dir", (root / names_[i]).string(),
        "--listen-client-urls", url(client_ports_[i]), "--advertise-client-urls",
        url(client_ports_[i]), "--listen-peer-urls", url(peer_ports[i]),
        "--initial-advertise-peer-urls", url(peer_ports[i]), "--initial-cluster", cluster,
        "--initial-cluster-token", "bench-" + std::to_string(members),
        "--initial-cluster-state", "new", "--logger", "zap", "--log-outputs", "stderr"},
      root / (names_[i] + ".log")));
  }
  leader_ = find_leader();
  stubs_ = std::make_unique<stubs>();
  stubs_->channel =
    grpc::CreateChannel(address(client_ports_[leader_]), grpc::InsecureChannelCredentials());
  stubs_->kv = etcdserverpb::KV::NewStub(stubs_->channel);
}

etcd_target::~etcd_target() {
  stubs_.reset();
  for (auto& p : procs_)
    p->stop();
}

size_t etcd_target::find_leader() {
  std::vector<std::unique_ptr<etcdserverpb::Maintenance::Stub>> status;
  for (auto port : client_ports_)
    status.push_back(etcdserverpb::Maintenance::NewStub(
      grpc::CreateChannel(address(port), grpc::InsecureChannelCredentials())));
  auto deadline = clock_type::now() + 30s;
  std::string last_error = "no answer";
  while (clock_type::now() < deadline) {
    for (size_t i = 0; i < status.size(); ++i) {
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + 1s);
      store::StatusResponse resp;
      auto s = status[i]->Status(&ctx, store::StatusRequest{}, &resp);
      if (s.ok() && resp.leader() != 0 && resp.leader() == resp.header().member_id())
        return i;
      last_error = s.ok() ? "member " + std::to_string(i) + " is not the leader"
                          : s.error_message();
    }
    std::this_thread::sleep_for(100ms);
  }
  throw std::runtime_error("etcd cluster of " + std::to_string(names_.size())
                           + " elected no leader within 30 s: " + last_error);
}

run_result etcd_target::run(const workload& w) {
  grpc::CompletionQueue cq;
  latency_recorder rec(static_cast<size_t>(w.ops));
  int issued = 0;
  size_t errors = 0;
  std::string first_error;
  auto issue = [&] {
    auto* c = new call;
    c->start = clock_type::now();
    c->ctx.set_deadline(std::chrono::system_clock::now() + op_timeout);
    if (w.op == op_kind::put) {
      store::PutRequest req;
      req.set_key(key_of(w, issued));
      req.set_value(w.value);
      c->put_reader = stubs_->kv->AsyncPut(&c->ctx, req, &cq);
      c->put_reader->Finish(&c->put, &c->status, c);
    } else {
      store::RangeRequest req; // linearizable: serializable stays false
      req.set_key(key_of(w, issued));
      c->range_reader = stubs_->kv->AsyncRange(&c->ctx, req, &cq);
      c->range_reader->Finish(&c->range, &c->status, c);
    }
    ++issued;
  };
  auto start = clock_type::now();
  for (int k = 0; k < w.clients && issued < w.ops; ++k)
    issue();
  for (int answered = 0; answered < w.ops; ++answered) {
    void* tag = nullptr;
    bool ok = false;
    if (!cq.Next(&tag, &ok))
      break;
    std::unique_ptr<call> c{static_cast<call*>(tag)};
    if (ok && c->status.ok()) {
      rec.add(clock_type::now() - c->start);
    } else if (errors++ == 0) {
      first_error = c->status.error_message();
    }
    if (issued < w.ops)
      issue();
  }
  auto seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  cq.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (cq.Next(&tag, &ok))
    delete static_cast<call*>(tag);
  return rec.finish(seconds, errors, first_error);
}

std::string etcd_target::leader_endpoint() const {
  return address(client_ports_[leader_]);
}

} // namespace convoy::bench
