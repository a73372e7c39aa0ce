package identity_test

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/jinzhi-dev/jinzhi/duediligence/identity"
)

func TestLookupRegion(t *testing.T) {
	tests := []struct {
		name string
		code string
		want identity.Region
	}{
		// The region codes of the design notes' sample numbers.
		{"Chaoyang", "110105", identity.Region{Code: "110105", Name: "朝阳区", Province: "北京市", FullName: "北京市朝阳区", Current: true}},
		{"Xicheng", "110102", identity.Region{Code: "110102", Name: "西城区", Province: "北京市", FullName: "北京市西城区", Current: true}},
		// Chaoyang county became a city in 1993 (440582) and a district of Shantou in
		// 2003 (440513); IDs issued before keep 440524.
		{"ChaoyangCountyAbolished", "440524", identity.Region{Code: "440524", Name: "潮阳县", Province: "广东省", Prefecture: "汕头市", FullName: "广东省汕头市潮阳县"}},
		{"De'an", "360426", identity.Region{Code: "360426", Name: "德安县", Province: "江西省", Prefecture: "九江市", FullName: "江西省九江市德安县", Current: true}},
		// Merged into Dongcheng and Xicheng in 2010.
		{"Chongwen", "110103", identity.Region{Code: "110103", Name: "崇文区", Province: "北京市", FullName: "北京市崇文区"}},
		// A county-level city under the province: no prefecture in the name.
		{"Wuzhishan", "469001", identity.Region{Code: "469001", Name: "五指山市", Province: "海南省", FullName: "海南省五指山市", Current: true}},
		// Created in 2021, after the older lists.
		{"Linping", "330113", identity.Region{Code: "330113", Name: "临平区", Province: "浙江省", Prefecture: "杭州市", FullName: "浙江省杭州市临平区", Current: true}},
		// A prefecture (地区) of the 1990s and its county-level city.
		{"XinzhouPrefecture", "142201", identity.Region{Code: "142201", Name: "忻州市", Province: "山西省", Prefecture: "忻州地区", FullName: "山西省忻州地区忻州市"}},
		// A prefecture-level city without counties: its IDs carry its own code.
		{"Dongguan", "441900", identity.Region{Code: "441900", Name: "东莞市", Province: "广东省", FullName: "广东省东莞市", Current: true}},
		{"HongKongResidencePermit", "810000", identity.Region{Code: "810000", Name: "香港特别行政区", FullName: "香港特别行政区"}},
		{"TaiwanResidencePermit", "830000", identity.Region{Code: "830000", Name: "台湾地区", FullName: "台湾地区"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := identity.LookupRegion(tt.code)
			if !ok || got != tt.want {
				t.Errorf("LookupRegion(%q) = %+v, %v; want %+v", tt.code, got, ok, tt.want)
			}
			if name, ok := identity.CountyName(tt.code); !ok || name != tt.want.Name {
				t.Errorf("CountyName(%q) = %q, %v", tt.code, name, ok)
			}
			if full, ok := identity.RegionName(tt.code); !ok || full != tt.want.FullName {
				t.Errorf("RegionName(%q) = %q, %v", tt.code, full, ok)
			}
		})
	}
}

func TestLookupRegion_unknown(t *testing.T) {
	for _, code := range []string{
		"119999",                                   // the design notes' made-up county in Beijing
		"990101",                                   // no such province
		"110000",                                   // a province, not a county
		"110100",                                   // a prefecture-level grouping
		"440300",                                   // Shenzhen: a prefecture with districts
		"232761",                                   // a statistics-only district of the Greater Khingan Range, not GB/T 2260
		"130171",                                   // a development zone in the statistics list
		"11010", "1101055", "", "11010x", "１１０１０５", // not six ASCII digits
	} {
		if r, ok := identity.LookupRegion(code); ok {
			t.Errorf("LookupRegion(%q) = %+v, want not found", code, r)
		}
		if _, ok := identity.CountyName(code); ok {
			t.Errorf("CountyName(%q) found", code)
		}
		if _, ok := identity.RegionName(code); ok {
			t.Errorf("RegionName(%q) found", code)
		}
	}
}

func TestKnownRegion(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"11010519491231002X", true},
		{"440524188001010014", true},
		{"360426199101010071", true},
		{"11010219840406970X", true},
		{"110105491231002", true}, // a legacy number has the same region code
		{"110105", true},
		{"119999199001010010", false},
		{"990101199001010010", false},
		{"810000199001010012", true}, // a Hong Kong resident's residence permit
		{"620200199001010010", true}, // Jiayuguan, a city without counties
		{"11010", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := identity.KnownRegion(tt.id); got != tt.want {
			t.Errorf("KnownRegion(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

// TestRegions_table holds the embedded table to its format: sorted unique codes, Han
// names, every county under a province of the table, and the size of a list that keeps
// history (about 2,850 counties today, 6,000 and more over the years).
func TestRegions_table(t *testing.T) {
	f, err := os.Open("regions.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	provinces := map[string]bool{}
	var prev string
	counties, current := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, " ")
		if len(fields) != 3 || len(fields[0]) != 6 || !strings.Contains("chp", fields[2]) || len(fields[2]) != 1 {
			t.Fatalf("malformed line %q", line)
		}
		code, name, flag := fields[0], fields[1], fields[2]
		if code <= prev {
			t.Errorf("%s after %s", code, prev)
		}
		prev = code
		for _, r := range name {
			if !unicode.Is(unicode.Han, r) {
				t.Errorf("%s: name %q has %q", code, name, r)
			}
		}
		switch {
		case flag == "p":
			if _, ok := identity.LookupRegion(code); !ok {
				t.Errorf("residence permit code %s not found", code)
			}
		case strings.HasSuffix(code, "0000"):
			provinces[code[:2]] = true
		case strings.HasSuffix(code, "00"):
			if r, ok := identity.LookupRegion(code); ok && r.Name != name {
				t.Errorf("LookupRegion(%s) = %+v; line %q", code, r, line)
			}
		default:
			if !provinces[code[:2]] {
				t.Errorf("%s: no province %s0000", code, code[:2])
			}
			counties++
			if flag == "c" {
				current++
			}
			r, ok := identity.LookupRegion(code)
			if !ok || r.Name != name || r.Current != (flag == "c") || !strings.HasPrefix(r.FullName, r.Province+r.Prefecture) || !strings.HasSuffix(r.FullName, name) {
				t.Errorf("LookupRegion(%s) = %+v, %v; line %q", code, r, ok, line)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(provinces) != 31 {
		t.Errorf("%d provinces, want the 31 of the mainland", len(provinces))
	}
	if counties < 6000 || current < 2800 || current > 3000 {
		t.Errorf("%d county codes, %d current; want at least 6000, and about 2850 current", counties, current)
	}
}

func TestKnownRegion_allocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under -race")
	}
	identity.KnownRegion("110105") // the table is built on first use
	allocs := testing.AllocsPerRun(100, func() {
		if !identity.KnownRegion("11010519491231002X") {
			t.Fatal("not known")
		}
		if r, ok := identity.LookupRegion("440524"); !ok || r.FullName == "" {
			t.Fatal("not found")
		}
	})
	if allocs != 0 {
		t.Errorf("KnownRegion and LookupRegion allocate %.0f times per call, want 0", allocs)
	}
}

func BenchmarkKnownRegion(b *testing.B) {
	ids := []string{"11010519491231002X", "440524188001010014", "360426199101010071", "119999199001010010"}
	identity.KnownRegion(ids[0])
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		identity.KnownRegion(ids[i%len(ids)])
	}
}
