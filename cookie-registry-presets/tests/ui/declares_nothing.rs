// With `dnt=1`, Vimeo's player carries only Cloudflare's cookies, which this line leaves to the
// `cloudflare!` preset: nothing is left to declare.
cookie_registry_presets::vimeo!(do_not_track, without_cloudflare_cookies);

fn main() {}
