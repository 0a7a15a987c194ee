"""Writes src/core/mtcnn/fixtures/opencv-area.json: cv2.resize(INTER_AREA) outputs on a fixed
random image, the independent reference for the area kernel in src/core/mtcnn/resample.ts.
Run with Debian's python3-opencv: /usr/bin/python3 tools/make_opencv_area_fixture.py"""
import json
import cv2
import numpy as np

rng = np.random.default_rng(7)
image = rng.random((23, 17, 3), dtype=np.float32)  # H=23, W=17
cases = []
for out_h, out_w in [(11, 8), (7, 5), (16, 12), (23, 17), (40, 30), (13, 29)]:
    out = cv2.resize(image, (out_w, out_h), interpolation=cv2.INTER_AREA)
    cases.append({"height": out_h, "width": out_w, "data": [round(float(v), 7) for v in out.reshape(-1)]})
with open("src/core/mtcnn/fixtures/opencv-area.json", "w") as f:
    json.dump({"opencv": cv2.__version__, "height": 23, "width": 17,
               "image": [round(float(v), 7) for v in image.reshape(-1)], "cases": cases}, f)
print("cv2", cv2.__version__, "cases", len(cases))
