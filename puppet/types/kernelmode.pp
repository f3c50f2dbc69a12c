# @summary How client-agent feeds the kernel RNG.
#
# * `auto`      — detect the kernel's random driver (modern on >= 5.18, watermark before).
# * `modern`    — credit at boot until the CRNG is ready, then periodic top-ups and reseeds.
# * `watermark` — classic pool refill below a watermark (old kernels, e.g. RHEL 8's 4.18).
# * `off`       — never touch the kernel (local EGD endpoint only).
type Entropy::KernelMode = Enum['auto', 'modern', 'watermark', 'off']
