// GET and LIST.

#include "actors/apiserver/server/apiserver_state.hpp"

#include <charconv>

#include <google/protobuf/reflection.h>

#include "actors/apiserver/cache/cache_status.hpp"
#include "actors/apiserver/selectors/field_selector.hpp"
#include "actors/apiserver/selectors/label_selector.hpp"
#include "actors/apiserver/server/api_object.hpp"

namespace convoy::apiserver {

void handle_get(apiserver_ptr self, const GetRequest& req,
                caf::typed_response_promise<ApiResponse> rp) {
  auto ctx = begin_request(self, req.meta(), "get", req.resource(), req.subresource(),
                           req.namespace_(), req.name(), std::move(rp));
  if (!ctx || !authorize(self, ctx))
    return;
  if (req.subresource() == "scale")
    return get_scale(self, ctx);
  const auto& r = *ctx->resource;
  store_get(
    self, r, r.key(ctx->attributes.namespace_, req.name()),
    [self, ctx](std::optional<stored_object> found) {
      if (!found)
        return reply(self, ctx, api_status::not_found(ctx->attributes.resource,
                                                      ctx->attributes.name));
      reply(self, ctx, *found->object);
    },
    [self, ctx](api::Status st) { reply(self, ctx, std::move(st)); });
}

namespace {

/// Puts `objects` into the resource's List type with the list revision.
std::unique_ptr<google::protobuf::Message> make_list(const codec::resource_info& r,
                                                     std::vector<stored_object>& objects,
                                                     int64_t revision) {
  auto list = r.make_list();
  auto* d = list->GetDescriptor();
  auto* refl = list->GetReflection();
  refl->SetString(list.get(), d->FindFieldByName("kind"), std::string{r.list_kind()});
  refl->SetString(list.get(), d->FindFieldByName("api_version"), r.api_version());
  auto* meta = refl->MutableMessage(list.get(), d->FindFieldByName("metadata"));
  meta->GetReflection()->SetString(meta, meta->GetDescriptor()->FindFieldByName("resource_version"),
                                   std::to_string(revision));
  auto* items = d->FindFieldByName("items");
  for (auto& o : objects)
    refl->AddAllocatedMessage(list.get(), items, o.object.release());
  return list;
}

void set_continue(google::protobuf::Message& list, const std::string& token) {
  auto* d = list.GetDescriptor();
  auto* meta = list.GetReflection()->MutableMessage(&list, d->FindFieldByName("metadata"));
  meta->GetReflection()->SetString(meta, meta->GetDescriptor()->FindFieldByName("continue"),
                                   token);
}

} // namespace

namespace {

/// A list from the watch cache (resourceVersion given: "0" = whatever the
/// cache has, N = at least N), paginated with continue tokens.
void list_from_cache(apiserver_ptr self, const context_ptr& ctx, const ListRequest& req,
                     label_selector labels, field_selector fields) {
  with_cache(
    self, *ctx->resource,
    [self, ctx, req, labels = std::move(labels), fields = std::move(fields)](
      resource_cache& rc) {
      const auto& cache = cache_of(rc);
      // "At least N": a cache still behind N must not answer with older
      // state (Kubernetes waits up to 3 s; the client retries instead).
      int64_t at_least = 0;
      const auto& rv = req.resource_version();
      std::from_chars(rv.data(), rv.data() + rv.size(), at_least);
      if (at_least > cache.revision())
        return reply(self, ctx, cache_status::too_large(at_least, cache.revision()));
      auto page = cache.list(ctx->attributes.namespace_, labels, fields, req.limit(),
                             req.continue_());
      if (page.error)
        return reply(self, ctx, std::move(*page.error));
      if (page.wait_for_revision > 0)
        return reply(self, ctx, cache_status::too_large(page.wait_for_revision,
                                                        cache.revision()));
      std::vector<stored_object> items;
      items.reserve(page.items.size());
      for (const auto& item : page.items) {
        std::unique_ptr<google::protobuf::Message> copy{item->New()};
        copy->CopyFrom(*item);
        items.push_back(stored_object{std::move(copy), 0});
      }
      auto list = make_list(*ctx->resource, items, page.revision);
      set_continue(*list, page.continue_token);
      reply(self, ctx, *list);
    },
    [self, ctx](api::Status st) { reply(self, ctx, std::move(st)); });
}

} // namespace

void handle_list(apiserver_ptr self, const ListRequest& req,
                 caf::typed_response_promise<ApiResponse> rp) {
  auto ctx = begin_request(self, req.meta(), "list", req.resource(), "", req.namespace_(), "",
                           std::move(rp));
  if (!ctx || !authorize(self, ctx))
    return;
  auto labels = label_selector::parse(req.label_selector());
  if (!labels)
    return reply(self, ctx, api_status::bad_request("unable to parse requirement: "
                                                    + labels.error));
  auto fields = field_selector::parse(req.field_selector(), ctx->resource->kind);
  if (!fields)
    return reply(self, ctx, api_status::bad_request(fields.error));
  if (!req.resource_version().empty() || !req.continue_().empty())
    return list_from_cache(self, ctx, req, *labels.value, *fields.value);
  // No resourceVersion: consistent, straight from the store.
  const auto& r = *ctx->resource;
  store_list(
    self, r, r.prefix(ctx->attributes.namespace_),
    [self, ctx, labels = *labels.value, fields = *fields.value](std::vector<stored_object> all,
                                                                int64_t revision) {
      std::vector<stored_object> kept;
      kept.reserve(all.size());
      for (auto& o : all) {
        const auto* m = object_meta(*o.object);
        if (m && !labels.matches(m->labels()))
          continue;
        if (!fields.empty() && !fields.matches(*o.object))
          continue;
        kept.push_back(std::move(o));
      }
      reply(self, ctx, *make_list(*ctx->resource, kept, revision));
    },
    [self, ctx](api::Status st) { reply(self, ctx, std::move(st)); });
}

} // namespace convoy::apiserver
