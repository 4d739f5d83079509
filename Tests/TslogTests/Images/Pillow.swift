import Foundation
import TestSupport

/// Runs Python scripts that need Pillow (and, for the dataset test, Hugging Face `datasets`).
///
/// When python3 or the module is missing the test is skipped with a message, except when
/// `TSLOG_REQUIRE_PILLOW=1` (set by `.ci/run`), where it is a failure.
enum Pillow {
    /// Whether `python3 -c "import <module>"` succeeds.
    static func hasModule(_ module: String) -> Bool {
        guard let dir = try? makeTemporaryDirectory() else { return false }
        defer { removeTemporaryDirectory(dir) }
        guard let child = try? ChildProcess.spawn("/bin/sh", ["-c", "python3 -c 'import \(module)'"],
                                                  environment: environment) else { return false }
        return (try? child.wait(timeout: 120)) == 0
    }

    /// True when the test may go on; false (after printing why) when it should skip.
    static func available(_ module: String = "PIL") throws -> Bool {
        if hasModule(module) { return true }
        if ProcessInfo.processInfo.environment["TSLOG_REQUIRE_PILLOW"] == "1" {
            throw SkipRefused(description: "TSLOG_REQUIRE_PILLOW=1 but python3 cannot import \(module) (pip install pillow datasets)")
        }
        print("skipping: python3 cannot import \(module) (pip install pillow datasets)")
        return false
    }

    struct SkipRefused: Error, CustomStringConvertible { var description: String }

    /// The environment Python runs in: PATH and HOME from ours, offline for Hugging Face.
    static var environment: [String: String] {
        let ours = ProcessInfo.processInfo.environment
        var env = ["PATH": ours["PATH"] ?? "/usr/local/bin:/usr/bin:/bin", "HF_DATASETS_OFFLINE": "1",
                   "HF_HUB_OFFLINE": "1"]
        env["HOME"] = ours["HOME"]
        return env
    }

    /// Runs `script` with `arguments` in `directory`; returns its standard output, or throws with
    /// its standard error when it fails.
    static func run(_ script: String, _ arguments: [String], in directory: URL) throws -> String {
        let file = directory.appendingPathComponent("script-\(UUID().uuidString).py")
        try script.write(to: file, atomically: true, encoding: .utf8)
        var env = environment
        env["HF_HOME"] = directory.appendingPathComponent("hf-home").path
        let out = directory.appendingPathComponent("py.out").path
        let err = directory.appendingPathComponent("py.err").path
        let child = try ChildProcess.spawn("/bin/sh", ["-c", "exec python3 \"$@\"", "sh", file.path] + arguments,
                                           environment: env, stdout: out, stderr: err)
        let status = try child.wait(timeout: 300)
        guard status == 0 else {
            throw SkipRefused(description: "python failed (\(status)): " + ((try? String(contentsOfFile: err, encoding: .utf8)) ?? ""))
        }
        return try String(contentsOfFile: out, encoding: .utf8)
    }

    /// Python that writes images of every format in many modes and sizes into `argv[1]` and
    /// prints one line per file: `name<TAB>format<TAB>width<TAB>height` as Pillow reads it back.
    static let makeImages = #"""
import io, os, sys
from PIL import Image
out = sys.argv[1]
sizes = [(1, 1), (2, 3), (17, 5), (5, 17), (255, 256), (300, 7), (1000, 1), (1, 700)]

def picture(mode, size):
    im = Image.new("RGB", size)
    w, h = size
    px = im.load()
    for y in range(min(h, 40)):
        for x in range(min(w, 40)):
            px[x, y] = ((x * 37) % 256, (y * 91) % 256, (x * y) % 256)
    return im.convert(mode)

files = []
def save(im, name, **kw):
    path = os.path.join(out, name)
    im.save(path, **kw)
    files.append(name)

n = 0
for size in sizes:
    for mode in ["1", "L", "LA", "P", "RGB", "RGBA", "I;16"]:
        n += 1; save(picture(mode, size), f"png-{n}.png")
    for mode in ["L", "RGB", "CMYK"]:
        n += 1; save(picture(mode, size), f"jpeg-{n}.jpg", quality=80)
        n += 1; save(picture(mode, size), f"jpeg-{n}.jpg", progressive=True)
        n += 1; save(picture(mode, size), f"jpeg-{n}.jpg", optimize=True, subsampling=2)
    exif = Image.Exif(); exif[0x0112] = 6
    n += 1; save(picture("RGB", size), f"jpeg-{n}.jpg", exif=exif.tobytes())
    n += 1; save(picture("RGB", size), f"webp-{n}.webp", lossless=False)
    n += 1; save(picture("RGB", size), f"webp-{n}.webp", lossless=True)
    n += 1; save(picture("RGBA", size), f"webp-{n}.webp", lossless=False)
    n += 1; save(picture("RGBA", size), f"webp-{n}.webp", exif=exif.tobytes())
    for mode in ["P", "L", "RGB"]:
        n += 1; save(picture(mode, size), f"gif-{n}.gif")
    frames = [picture("P", size), picture("L", size).convert("P")]
    n += 1; save(frames[0], f"gif-{n}.gif", save_all=True, append_images=frames[1:], duration=50)
    n += 1; save(frames[0].convert("RGBA"), f"webp-{n}.webp", save_all=True, append_images=[f.convert("RGBA") for f in frames[1:]], duration=50)
# Large sides, checking every byte of the width and height fields.
for size in [(16383, 2), (2, 16383), (4097, 3)]:
    for ext, kw in [("png", {}), ("jpg", {"progressive": True}), ("webp", {"lossless": True}), ("webp", {}), ("gif", {})]:
        n += 1; save(picture("RGB", size), f"big-{n}.{ext}", **kw)
for name in files:
    im = Image.open(os.path.join(out, name))
    print(f"{name}\t{im.format.lower()}\t{im.size[0]}\t{im.size[1]}")
"""#
}
