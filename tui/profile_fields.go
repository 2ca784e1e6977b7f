package tui

import "netday/store"

// participantFields are the questions of a participant's profile, in order.
func participantFields(s *session) []*field {
	st, ev := s.st, s.Event
	text := func(key, label, hint string, limit int, placeholder string,
		get func(*store.Profile) *string) *field {
		f := &field{key: key, label: label, hint: hint, kind: kindText, limit: limit}
		f.input = st.textInput(limit)
		f.input.Placeholder = placeholder
		f.get = func(p *store.Profile) []string { return []string{*get(p)} }
		f.set = func(p *store.Profile, v []string) { *get(p) = first(v) }
		return f
	}
	name := text("name", "Your name", "As you would like experts to see it.", store.MaxName, "e.g. Amina Yusuf",
		func(p *store.Profile) *string { return &p.Name })
	pronouns := text("pronouns", "Pronouns (optional)", "Optional; leave empty to skip.", store.MaxPronouns, "e.g. she/her",
		func(p *store.Profile) *string { return &p.Pronouns })
	org := text("organisation", "Organisation or studies", "Where you work or what and where you study.", store.MaxOrganisation,
		"e.g. MA Human Rights, University of Graz", func(p *store.Profile) *string { return &p.Organisation })
	city := text("city", "City", "", store.MaxCity, "e.g. Graz", func(p *store.Profile) *string { return &p.City })
	country := text("country", "Country", "", store.MaxCountry, "e.g. Austria", func(p *store.Profile) *string { return &p.Country })

	zone := &field{key: "time_zone", label: "Time zone", kind: kindZone, limit: store.MaxTimeZone,
		hint: "Your IANA time zone, so times show in your clock. Type a city, e.g. Nairobi."}
	zone.input = st.textInput(store.MaxTimeZone)
	zone.input.Placeholder = "e.g. Europe/Vienna"
	zone.get = func(p *store.Profile) []string { return []string{p.TimeZone} }
	zone.set = func(p *store.Profile, v []string) { p.TimeZone = first(v) }

	stage := &field{key: "career_stage", label: "Career stage", kind: kindChoice, options: ev.CareerStages,
		hint: "Pick the one closest to you."}
	stage.get = func(p *store.Profile) []string { return nonEmpty(p.CareerStage) }
	stage.set = func(p *store.Profile, v []string) { p.CareerStage = first(v) }

	langs := &field{key: "languages", label: "Languages", kind: kindList, limit: store.MaxLanguage,
		hint: "Languages you can hold a conversation in, separated by commas."}
	langs.input = st.textInput(200)
	langs.input.Placeholder = "e.g. English, Spanish"
	langs.get = func(p *store.Profile) []string { return p.Languages }
	langs.set = func(p *store.Profile, v []string) { p.Languages = v }

	areas := &field{key: "areas", label: "Interest areas", kind: kindMulti, options: ev.Areas, maxPick: store.MaxAreas,
		hint: "Pick the themes you want to talk about (space to pick)."}
	areas.get = func(p *store.Profile) []string { return p.Areas }
	areas.set = func(p *store.Profile, v []string) { p.Areas = v }

	looking := &field{key: "looking_for", label: "Looking for", kind: kindMulti, options: ev.LookingFor,
		maxPick: store.MaxLookingFor, hint: "What would you like from the conversations? (space to pick)"}
	looking.get = func(p *store.Profile) []string { return p.LookingFor }
	looking.set = func(p *store.Profile, v []string) { p.LookingFor = v }

	bio := &field{key: "bio", label: "Short bio", kind: kindArea, limit: store.MaxBio,
		hint: "A few sentences about you and your interests (up to 500 characters)."}
	bio.area = st.textArea(store.MaxBio)
	bio.area.Placeholder = "What you do, what you care about, what you hope to learn."
	bio.get = func(p *store.Profile) []string { return nonEmpty(p.Bio) }
	bio.set = func(p *store.Profile, v []string) { p.Bio = first(v) }

	return []*field{name, pronouns, org, city, country, zone, stage, langs, areas, looking, bio}
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
