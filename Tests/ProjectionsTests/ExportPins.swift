/// The pinned outputs of `ExportFormatTests`' edge-case table. Machine formats: a change here
/// is a format change and must be deliberate.
enum ExportPins {
    static let csv = #"""
id,created_at,image_url,image_path,label,label_type,nyckel_function_id,nyckel_sample_id,nyckel_status,source_scan_id,region_name,crop_data,image_width,image_height,file_size_bytes
00000000-0000-0000-0000-000000000001,2026-11-25T12:00:00Z,https://img/a.jpg,training-data/a.jpg,"say ""hi"", ok",grade,,,submitted,,"","{""x"":1,""y"":2.5,""width"":3,""height"":4}",640,480,12345
00000000-0000-0000-0000-000000000002,2026-11-25T12:00:00.500000Z,https://img/b.png	x,p/b.PNG,"line
break	tab",defect,fn-1,ny-2,accepted,scan-9,您好🙂,,,,
00000000-0000-0000-0000-000000000003,2026-11-26T00:00:00Z,"'=HYPERLINK(""x"")",x,../../etc/passwd,region,,,error,,'-1',,,,

"""#

    static let csvRaw = #"""
id,created_at,image_url,image_path,label,label_type,nyckel_function_id,nyckel_sample_id,nyckel_status,source_scan_id,region_name,crop_data,image_width,image_height,file_size_bytes
00000000-0000-0000-0000-000000000001,2026-11-25T12:00:00Z,https://img/a.jpg,training-data/a.jpg,"say ""hi"", ok",grade,,,submitted,,"","{""x"":1,""y"":2.5,""width"":3,""height"":4}",640,480,12345
00000000-0000-0000-0000-000000000002,2026-11-25T12:00:00.500000Z,https://img/b.png	x,p/b.PNG,"line
break	tab",defect,fn-1,ny-2,accepted,scan-9,您好🙂,,,,
00000000-0000-0000-0000-000000000003,2026-11-26T00:00:00Z,"=HYPERLINK(""x"")",x,../../etc/passwd,region,,,error,,-1',,,,

"""#

    static let json = #"""
[
{"id":"00000000-0000-0000-0000-000000000001","created_at":"2026-11-25T12:00:00Z","image_url":"https://img/a.jpg","image_path":"training-data/a.jpg","label":"say \"hi\", ok","label_type":"grade","nyckel_function_id":null,"nyckel_sample_id":null,"nyckel_status":"submitted","source_scan_id":null,"region_name":"","crop_data":{"x":1,"y":2.5,"width":3,"height":4},"image_width":640,"image_height":480,"file_size_bytes":12345},
{"id":"00000000-0000-0000-0000-000000000002","created_at":"2026-11-25T12:00:00.500000Z","image_url":"https://img/b.png\tx","image_path":"p/b.PNG","label":"line\nbreak\ttab","label_type":"defect","nyckel_function_id":"fn-1","nyckel_sample_id":"ny-2","nyckel_status":"accepted","source_scan_id":"scan-9","region_name":"您好🙂","crop_data":null,"image_width":null,"image_height":null,"file_size_bytes":null},
{"id":"00000000-0000-0000-0000-000000000003","created_at":"2026-11-26T00:00:00Z","image_url":"=HYPERLINK(\"x\")","image_path":"x","label":"../../etc/passwd","label_type":"region","nyckel_function_id":null,"nyckel_sample_id":null,"nyckel_status":"error","source_scan_id":null,"region_name":"-1'","crop_data":null,"image_width":null,"image_height":null,"file_size_bytes":null}
]

"""#

    static let jsonl = #"""
{"id":"00000000-0000-0000-0000-000000000001","created_at":"2026-11-25T12:00:00Z","image_url":"https://img/a.jpg","image_path":"training-data/a.jpg","label":"say \"hi\", ok","label_type":"grade","nyckel_function_id":null,"nyckel_sample_id":null,"nyckel_status":"submitted","source_scan_id":null,"region_name":"","crop_data":{"x":1,"y":2.5,"width":3,"height":4},"image_width":640,"image_height":480,"file_size_bytes":12345}
{"id":"00000000-0000-0000-0000-000000000002","created_at":"2026-11-25T12:00:00.500000Z","image_url":"https://img/b.png\tx","image_path":"p/b.PNG","label":"line\nbreak\ttab","label_type":"defect","nyckel_function_id":"fn-1","nyckel_sample_id":"ny-2","nyckel_status":"accepted","source_scan_id":"scan-9","region_name":"您好🙂","crop_data":null,"image_width":null,"image_height":null,"file_size_bytes":null}
{"id":"00000000-0000-0000-0000-000000000003","created_at":"2026-11-26T00:00:00Z","image_url":"=HYPERLINK(\"x\")","image_path":"x","label":"../../etc/passwd","label_type":"region","nyckel_function_id":null,"nyckel_sample_id":null,"nyckel_status":"error","source_scan_id":null,"region_name":"-1'","crop_data":null,"image_width":null,"image_height":null,"file_size_bytes":null}

"""#

    static let sql = #"""
-- tslog export of training_samples: {"format":"sql","seq":7,"recorded_at":"2026-11-26T01:02:03.000004Z","rows":3,"status":null,"label_type":null,"label":null}
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
BEGIN;
CREATE TABLE IF NOT EXISTS training_samples (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  image_url text NOT NULL,
  image_path text NOT NULL,
  label text COLLATE "C" NOT NULL,
  label_type text NOT NULL CHECK (label_type IN ('defect', 'region', 'grade')),
  nyckel_function_id text,
  nyckel_sample_id text,
  nyckel_status text NOT NULL DEFAULT 'submitted'
    CHECK (nyckel_status IN ('submitted', 'accepted', 'rejected', 'error')),
  source_scan_id uuid,
  region_name text,
  crop_data jsonb,
  image_width integer,
  image_height integer,
  file_size_bytes bigint
);
CREATE INDEX IF NOT EXISTS training_samples_label_type_idx ON training_samples (label_type);
CREATE INDEX IF NOT EXISTS training_samples_label_idx ON training_samples (label, label_type);
CREATE INDEX IF NOT EXISTS training_samples_nyckel_status_idx ON training_samples (nyckel_status, created_at DESC);
CREATE INDEX IF NOT EXISTS training_samples_created_at_idx ON training_samples (created_at DESC);
CREATE INDEX IF NOT EXISTS training_samples_source_scan_id_idx ON training_samples (source_scan_id)
  WHERE source_scan_id IS NOT NULL;
INSERT INTO training_samples (id, created_at, image_url, image_path, label, label_type, nyckel_function_id, nyckel_sample_id, nyckel_status, source_scan_id, region_name, crop_data, image_width, image_height, file_size_bytes) VALUES
('00000000-0000-0000-0000-000000000001', '2026-11-25T12:00:00Z', 'https://img/a.jpg', 'training-data/a.jpg', 'say "hi", ok', 'grade', NULL, NULL, 'submitted', NULL, '', '{"x":1,"y":2.5,"width":3,"height":4}', 640, 480, 12345),
('00000000-0000-0000-0000-000000000002', '2026-11-25T12:00:00.500000Z', 'https://img/b.png	x', 'p/b.PNG', 'line
break	tab', 'defect', 'fn-1', 'ny-2', 'accepted', 'scan-9', '您好🙂', NULL, NULL, NULL, NULL),
('00000000-0000-0000-0000-000000000003', '2026-11-26T00:00:00Z', '=HYPERLINK("x")', 'x', '../../etc/passwd', 'region', NULL, NULL, 'error', NULL, '-1''', NULL, NULL, NULL, NULL);
COMMIT;

"""#

    static let sqlUpsert = #"""
-- tslog export of training_samples: {"format":"sql","seq":7,"recorded_at":"2026-11-26T01:02:03.000004Z","rows":3,"status":null,"label_type":null,"label":null}
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
BEGIN;
CREATE TEMP TABLE tslog_export_rows (LIKE training_samples INCLUDING DEFAULTS) ON COMMIT DROP;
INSERT INTO tslog_export_rows (id, created_at, image_url, image_path, label, label_type, nyckel_function_id, nyckel_sample_id, nyckel_status, source_scan_id, region_name, crop_data, image_width, image_height, file_size_bytes) VALUES
('00000000-0000-0000-0000-000000000001', '2026-11-25T12:00:00Z', 'https://img/a.jpg', 'training-data/a.jpg', 'say "hi", ok', 'grade', NULL, NULL, 'submitted', NULL, '', '{"x":1,"y":2.5,"width":3,"height":4}', 640, 480, 12345),
('00000000-0000-0000-0000-000000000002', '2026-11-25T12:00:00.500000Z', 'https://img/b.png	x', 'p/b.PNG', 'line
break	tab', 'defect', 'fn-1', 'ny-2', 'accepted', 'scan-9', '您好🙂', NULL, NULL, NULL, NULL),
('00000000-0000-0000-0000-000000000003', '2026-11-26T00:00:00Z', '=HYPERLINK("x")', 'x', '../../etc/passwd', 'region', NULL, NULL, 'error', NULL, '-1''', NULL, NULL, NULL, NULL);
DELETE FROM training_samples AS t
  WHERE NOT EXISTS (SELECT 1 FROM tslog_export_rows AS r WHERE r.id = t.id);
INSERT INTO training_samples (id, created_at, image_url, image_path, label, label_type, nyckel_function_id, nyckel_sample_id, nyckel_status, source_scan_id, region_name, crop_data, image_width, image_height, file_size_bytes)
  SELECT id, created_at, image_url, image_path, label, label_type, nyckel_function_id, nyckel_sample_id, nyckel_status, source_scan_id, region_name, crop_data, image_width, image_height, file_size_bytes FROM tslog_export_rows
  ON CONFLICT (id) DO UPDATE SET
  created_at = EXCLUDED.created_at,
  image_url = EXCLUDED.image_url,
  image_path = EXCLUDED.image_path,
  label = EXCLUDED.label,
  label_type = EXCLUDED.label_type,
  nyckel_function_id = EXCLUDED.nyckel_function_id,
  nyckel_sample_id = EXCLUDED.nyckel_sample_id,
  nyckel_status = EXCLUDED.nyckel_status,
  source_scan_id = EXCLUDED.source_scan_id,
  region_name = EXCLUDED.region_name,
  crop_data = EXCLUDED.crop_data,
  image_width = EXCLUDED.image_width,
  image_height = EXCLUDED.image_height,
  file_size_bytes = EXCLUDED.file_size_bytes;
COMMIT;

"""#

    static let sqlRows = #"""
-- tslog export of training_samples: {"format":"sql","seq":7,"recorded_at":"2026-11-26T01:02:03.000004Z","rows":3,"status":null,"label_type":null,"label":null}
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
BEGIN;
INSERT INTO training_samples (id, created_at, image_url, image_path, label, label_type, nyckel_function_id, nyckel_sample_id, nyckel_status, source_scan_id, region_name, crop_data, image_width, image_height, file_size_bytes) VALUES
('00000000-0000-0000-0000-000000000001', '2026-11-25T12:00:00Z', 'https://img/a.jpg', 'training-data/a.jpg', 'say "hi", ok', 'grade', NULL, NULL, 'submitted', NULL, '', '{"x":1,"y":2.5,"width":3,"height":4}', 640, 480, 12345),
('00000000-0000-0000-0000-000000000002', '2026-11-25T12:00:00.500000Z', 'https://img/b.png	x', 'p/b.PNG', 'line
break	tab', 'defect', 'fn-1', 'ny-2', 'accepted', 'scan-9', '您好🙂', NULL, NULL, NULL, NULL),
('00000000-0000-0000-0000-000000000003', '2026-11-26T00:00:00Z', '=HYPERLINK("x")', 'x', '../../etc/passwd', 'region', NULL, NULL, 'error', NULL, '-1''', NULL, NULL, NULL, NULL);
COMMIT;

"""#

    static let roboflow = #"""
[
{"image":"https://img/a.jpg","label":"say \"hi\", ok","metadata":{"source":"comic-scan-app","date":"2026-11-25T12:00:00Z","crop":{"x":1,"y":2.5,"width":3,"height":4}}},
{"image":"https://img/b.png\tx","label":"line\nbreak\ttab","metadata":{"source":"comic-scan-app","date":"2026-11-25T12:00:00.500000Z","crop":null}},
{"image":"=HYPERLINK(\"x\")","label":"../../etc/passwd","metadata":{"source":"comic-scan-app","date":"2026-11-26T00:00:00Z","crop":null}}
]

"""#

    static let labelStudio = #"""
[
{"data":{"image":"https://img/a.jpg","sample_id":"00000000-0000-0000-0000-000000000001","label_type":"grade","crop":{"x":1,"y":2.5,"width":3,"height":4}},"annotations":[{"result":[{"from_name":"label","to_name":"image","type":"choices","value":{"choices":["say \"hi\", ok"]}}]}]},
{"data":{"image":"https://img/b.png\tx","sample_id":"00000000-0000-0000-0000-000000000002","label_type":"defect","crop":null},"annotations":[{"result":[{"from_name":"label","to_name":"image","type":"choices","value":{"choices":["line\nbreak\ttab"]}}]}]},
{"data":{"image":"=HYPERLINK(\"x\")","sample_id":"00000000-0000-0000-0000-000000000003","label_type":"region","crop":null},"annotations":[{"result":[{"from_name":"label","to_name":"image","type":"choices","value":{"choices":["../../etc/passwd"]}}]}]}
]

"""#

    static let manifest = #"""
say "hi", ok/00000000-0000-0000-0000-000000000001.jpg	https://img/a.jpg
line%0Abreak%09tab/00000000-0000-0000-0000-000000000002.png	https://img/b.png%09x
%2E.%2F..%2Fetc%2Fpasswd/00000000-0000-0000-0000-000000000003.jpg	=HYPERLINK("x")

"""#
}
