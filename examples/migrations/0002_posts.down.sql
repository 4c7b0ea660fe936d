drop trigger posts_count;
drop table posts;
alter table users drop column post_count;
