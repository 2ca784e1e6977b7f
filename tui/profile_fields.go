package tui

import "netday/store"

// profileFields are the questions of a profile for the person's role, in
// order.
func profileFields(s *session, role store.Role) []*field {
	q := questions{s}
	if role == store.RoleExpert {
		return []*field{
			q.name(), q.text("title", "Title or role", "What you do, e.g. Human Rights Officer.", store.MaxTitle,
				"e.g. Programme Lead, Human Rights Cities", func(p *store.Profile) *string { return &p.Title }),
			q.organisation("Organisation", "Where you work."), q.country(), q.zone(), q.languages(), q.areas(),
			q.multi("offers", "What you offer", "What you can give participants in a short conversation (space to pick).",
				s.Event.LookingFor, store.MaxOffers, func(p *store.Profile) *[]string { return &p.Offers }),
			q.multi("stages", "Career stages you welcome (optional)",
				"Who you would most like to meet (space to pick); pick none to welcome every stage.",
				s.Event.CareerStages, store.MaxStages, func(p *store.Profile) *[]string { return &p.Stages }),
			q.bio("About your work and what participants can ask you (up to 500 characters)."),
			q.text("link", "Public link (optional)", "Optional: a web page about you or your organisation.", store.MaxLink,
				"https://", func(p *store.Profile) *string { return &p.Link }),
		}
	}
	return []*field{
		q.name(),
		q.text("pronouns", "Pronouns (optional)", "Optional; leave empty to skip.", store.MaxPronouns, "e.g. she/her",
			func(p *store.Profile) *string { return &p.Pronouns }),
		q.organisation("Organisation or studies", "Where you work or what and where you study."),
		q.text("city", "City", "", store.MaxCity, "e.g. Graz", func(p *store.Profile) *string { return &p.City }),
		q.country(), q.zone(), q.stage(), q.languages(), q.areas(),
		q.multi("looking_for", "Looking for", "What would you like from the conversations? (space to pick)",
			s.Event.LookingFor, store.MaxLookingFor, func(p *store.Profile) *[]string { return &p.LookingFor }),
		q.bio("A few sentences about you and your interests (up to 500 characters)."),
	}
}

// questions builds form fields styled for one session.
type questions struct{ s *session }

func (q questions) text(key, label, hint string, limit int, placeholder string, get func(*store.Profile) *string) *field {
	f := &field{key: key, label: label, hint: hint, kind: kindText, limit: limit}
	f.input = q.s.st.textInput(limit)
	f.input.Placeholder = placeholder
	f.get = func(p *store.Profile) []string { return []string{*get(p)} }
	f.set = func(p *store.Profile, v []string) { *get(p) = first(v) }
	return f
}

func (q questions) multi(key, label, hint string, options []string, maxPick int, get func(*store.Profile) *[]string) *field {
	f := &field{key: key, label: label, kind: kindMulti, options: options, maxPick: maxPick, hint: hint}
	f.get = func(p *store.Profile) []string { return *get(p) }
	f.set = func(p *store.Profile, v []string) { *get(p) = v }
	return f
}

func (q questions) name() *field {
	return q.text("name", "Your name", "As you would like others to see it.", store.MaxName, "e.g. Amina Yusuf",
		func(p *store.Profile) *string { return &p.Name })
}

func (q questions) organisation(label, hint string) *field {
	return q.text("organisation", label, hint, store.MaxOrganisation, "e.g. MA Human Rights, University of Graz",
		func(p *store.Profile) *string { return &p.Organisation })
}

func (q questions) country() *field {
	return q.text("country", "Country", "", store.MaxCountry, "e.g. Austria", func(p *store.Profile) *string { return &p.Country })
}

func (q questions) zone() *field {
	f := &field{key: "time_zone", label: "Time zone", kind: kindZone, limit: store.MaxTimeZone,
		hint: "So times show on your clock. Type your city or country (e.g. Graz, Delhi, Kenya) and pick."}
	f.input = q.s.st.textInput(store.MaxTimeZone)
	f.input.Placeholder = "e.g. Europe/Vienna"
	f.get = func(p *store.Profile) []string { return []string{p.TimeZone} }
	f.set = func(p *store.Profile, v []string) { p.TimeZone = first(v) }
	return f
}

func (q questions) stage() *field {
	f := &field{key: "career_stage", label: "Career stage", kind: kindChoice, options: q.s.Event.CareerStages,
		hint: "Pick the one closest to you."}
	f.get = func(p *store.Profile) []string { return nonEmpty(p.CareerStage) }
	f.set = func(p *store.Profile, v []string) { p.CareerStage = first(v) }
	return f
}

func (q questions) languages() *field {
	f := &field{key: "languages", label: "Languages", kind: kindList, limit: store.MaxLanguage,
		hint: "Languages you can hold a conversation in, separated by commas."}
	f.input = q.s.st.textInput(200)
	f.input.Placeholder = "e.g. English, Spanish"
	f.get = func(p *store.Profile) []string { return p.Languages }
	f.set = func(p *store.Profile, v []string) { p.Languages = v }
	return f
}

func (q questions) areas() *field {
	return q.multi("areas", "Interest areas", "Pick the themes you want to talk about (space to pick).",
		q.s.Event.Areas, store.MaxAreas, func(p *store.Profile) *[]string { return &p.Areas })
}

func (q questions) bio(hint string) *field {
	f := &field{key: "bio", label: "Short bio", kind: kindArea, limit: store.MaxBio, hint: hint}
	f.area = q.s.st.textArea(store.MaxBio)
	f.area.Placeholder = "What you do, what you care about, what you hope to learn."
	f.get = func(p *store.Profile) []string { return nonEmpty(p.Bio) }
	f.set = func(p *store.Profile, v []string) { p.Bio = first(v) }
	return f
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
